#!/usr/bin/env bash
# Firedrill end to end on a throwaway kind cluster: the operator, the runner and the demo shop from
# the images this checkout builds, drills run through the CI gate, then the *E2E tests.
#
#   e2e/kind/run.sh                    everything, then delete the cluster
#   e2e/kind/run.sh --keep             leave the cluster up (kubectl --kubeconfig target/e2e-kind/kubeconfig ...)
#   e2e/kind/run.sh --base eclipse-temurin:21-jre
#                                      build the images on a registry base (docs/install.md)
#   e2e/kind/run.sh --skip-build       reuse the image tarballs and CLI jar already in */target
#   e2e/kind/run.sh --gate-only        the CI-gate drills only, not the *E2E tests
#
# Needs: Docker (running), kind, kubectl, helm 3, a JDK 21+ (the Maven Wrapper brings Maven), and
# network for Maven Central (and the base image with --base). About 6 GB of memory for the cluster.
#
# Steps (each prints a "== " line; the first failure stops the run, dumps the cluster's state and
# still deletes the cluster unless --keep):
#   1. kind create cluster, with its own kubeconfig (target/e2e-kind/kubeconfig): your current
#      kube context is never touched, and every kubectl, helm, firedrill and test below uses it.
#   2. ./mvnw -pl cli,operator -am package -DskipTests: the CLI jar and the two image tarballs,
#      cli/target/firedrill-image.tar and operator/target/firedrill-operator-image.tar.
#   3. kind load image-archive for both; their names and tags are read from the tarballs.
#   4. helm install ./helm/firedrill into firedrill-system, pointed at those images.
#   5. namespace shop, labelled firedrill.dev/drills=enabled; the demo shop of e2e/kind/shop/.
#   6. The CI gate, as a CI job runs it: firedrill run --cluster e2e/kind/drills/payment-cascade.yaml
#      --wait --junit ... with the shop's bug no-timeout on (expect exit 1 and a cascade anomaly)
#      and off (expect exit 0); the intercepted Service payments must be as it was before each.
#   7. ./mvnw -pl e2e -am verify -Pkind-e2e -DskipTests: the *E2E tests (KindClusterE2E), which
#      drive the same cluster with the Fabric8 client and the packaged CLI.
#   8. kind delete cluster.
# Reports, junit.xml files and logs stay in target/e2e-kind/ and e2e/target/e2e/.
#
# This script was written on a machine without Docker, kind or a container registry, and has not
# been run there; docs/ci.md and e2e/kind/README.md say what it does and what runs on every build
# instead.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"

cluster="${FIREDRILL_E2E_CLUSTER:-firedrill-e2e}"
release_ns=firedrill-system
shop_ns=shop
work="$root/target/e2e-kind"
keep=false
build=true
tests=true
base=""

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=true ;;
    --skip-build) build=false ;;
    --gate-only) tests=false ;;
    --base) base="${2:?--base needs an image, e.g. eclipse-temurin:21-jre}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "e2e/kind/run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

step() { printf '\n== %s\n' "$*"; }
fail() { echo "e2e/kind/run.sh: FAILED: $*" >&2; exit 1; }

for tool in docker kind kubectl helm tar; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "e2e/kind/run.sh: $tool is not installed (needs docker, kind, kubectl, helm; see e2e/kind/README.md)" >&2
    exit 2
  }
done
docker info >/dev/null 2>&1 || { echo "e2e/kind/run.sh: Docker is not running (kind runs its nodes in it)" >&2; exit 2; }
# shellcheck source=scripts/find-jdk
. "$root/scripts/find-jdk"
firedrill_find_jdk || exit 2
java="$JAVA_HOME/bin/java"

mkdir -p "$work"
export KUBECONFIG="$work/kubeconfig"

diagnose() {
  echo "--- state of the cluster (for the failure above)" >&2
  kubectl get drills,drillruns -A -o wide >&2 || true
  kubectl get pods,jobs -A -o wide >&2 || true
  kubectl -n "$shop_ns" get svc -o yaml >"$work/services.yaml" 2>/dev/null || true
  kubectl -n "$release_ns" logs deployment/firedrill-operator --tail=200 >"$work/operator.log" 2>&1 || true
  echo "--- operator log: $work/operator.log; Services of $shop_ns: $work/services.yaml" >&2
}
cleanup() {
  local code=$?
  [ "$code" -ne 0 ] && diagnose
  if [ "$keep" = true ]; then
    echo "cluster $cluster kept: export KUBECONFIG=$KUBECONFIG; delete it with: kind delete cluster --name $cluster"
  else
    step "kind delete cluster --name $cluster"
    kind delete cluster --name "$cluster" || true
  fi
  exit "$code"
}

step "1. kind create cluster --name $cluster"
if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  fail "a kind cluster named $cluster exists already (delete it: kind delete cluster --name $cluster, or set FIREDRILL_E2E_CLUSTER)"
fi
trap cleanup EXIT
kind create cluster --name "$cluster" --kubeconfig "$KUBECONFIG" --wait 180s

cli_tar=cli/target/firedrill-image.tar
operator_tar=operator/target/firedrill-operator-image.tar
cli_jar=cli/target/firedrill-cli.jar
if [ "$build" = true ]; then
  step "2. ./mvnw -pl cli,operator -am package -DskipTests${base:+ -Djib.from.image=$base}"
  ./mvnw -B -q -pl cli,operator -am package -DskipTests ${base:+"-Djib.from.image=$base"}
fi
for f in "$cli_tar" "$operator_tar" "$cli_jar"; do
  [ -f "$f" ] || fail "no $f (build it: ./mvnw -pl cli,operator -am package -DskipTests)"
done

# The name:tag an image tarball (docker save format, as Jib writes it) carries.
image_of() {
  tar -xOf "$1" manifest.json | sed -n 's/.*"RepoTags":\["\([^"]*\)".*/\1/p'
}
runner_image="$(image_of "$cli_tar")"
operator_image="$(image_of "$operator_tar")"
if [ -z "$runner_image" ] || [ -z "$operator_image" ]; then
  fail "no RepoTags in the image tarballs' manifest.json"
fi

step "3. kind load image-archive: $runner_image, $operator_image"
kind load image-archive "$cli_tar" --name "$cluster"
kind load image-archive "$operator_tar" --name "$cluster"

step "4. helm install firedrill ./helm/firedrill -n $release_ns"
helm install firedrill ./helm/firedrill --namespace "$release_ns" --create-namespace \
  --set operator.image.repository="${operator_image%:*}" --set operator.image.tag="${operator_image##*:}" \
  --set runner.image.repository="${runner_image%:*}" --set runner.image.tag="${runner_image##*:}" \
  --wait --timeout 5m
kubectl -n "$release_ns" rollout status deployment/firedrill-operator --timeout=180s

step "5. namespace $shop_ns (opted in) and the demo shop"
kubectl create namespace "$shop_ns"
kubectl label namespace "$shop_ns" firedrill.dev/drills=enabled
sed "s|\${FIREDRILL_IMAGE}|$runner_image|g" e2e/kind/shop/shop.yaml | kubectl apply -n "$shop_ns" -f -
shop_deployments=(payments inventory notifications history orders)
for d in "${shop_deployments[@]}"; do
  kubectl -n "$shop_ns" rollout status "deployment/$d" --timeout=180s
done

# Switches the seeded bugs of one Deployment of the shop (which restarts it) and waits for it.
set_bugs() {
  kubectl -n "$shop_ns" set env "deployment/$1" "FIREDRILL_DEMO_BUGS=$2"
  kubectl -n "$shop_ns" rollout status "deployment/$1" --timeout=180s
}
# The Service's selector and ports, to compare before and after an interception.
service_spec() {
  kubectl -n "$shop_ns" get service "$1" -o jsonpath='{.spec.selector}{" "}{.spec.ports}{" "}{.metadata.annotations}'
}
# gate LABEL DRILL EXPECTED_EXIT [ANOMALY]: the CI gate, as a CI job runs it.
gate() {
  local label=$1 drill=$2 expected=$3 anomaly=${4:-} code before after
  local dir="$work/$label"
  mkdir -p "$dir"
  before="$(service_spec payments)"
  echo "\$ firedrill run --cluster $drill --wait --junit $dir/junit.xml --report-dir $dir/report --timeout 10m"
  set +e
  "$java" -jar "$cli_jar" run --cluster "$drill" --wait \
    --junit "$dir/junit.xml" --report-dir "$dir/report" --timeout 10m 2>&1 | tee "$dir/gate.log"
  code=${PIPESTATUS[0]}
  set -e
  [ "$code" -eq "$expected" ] || fail "$label: firedrill run exited $code, expected $expected (log: $dir/gate.log)"
  [ -f "$dir/junit.xml" ] || fail "$label: no junit.xml at $dir/junit.xml"
  if [ -n "$anomaly" ]; then
    grep -q "^    $anomaly: " "$dir/gate.log" || fail "$label: no '$anomaly' anomaly in the gate's output"
    grep -q "<failure" "$dir/junit.xml" || fail "$label: junit.xml has no failure"
  fi
  after="$(service_spec payments)"
  [ "$before" = "$after" ] || fail "$label: Service payments changed: before '$before', after '$after'"
  echo "$label: exit $code as expected; Service payments as before"
}

step "6. the CI gate: payment-cascade (Service payments intercepted), bug no-timeout on, then off"
set_bugs orders no-timeout
gate cascade-bug-on e2e/kind/drills/payment-cascade.yaml 1 cascade
set_bugs orders ""
gate cascade-bug-off e2e/kind/drills/payment-cascade.yaml 0

if [ "$tests" = true ]; then
  step "7. the *E2E tests: ./mvnw -pl e2e -am verify -Pkind-e2e -DskipTests"
  ./mvnw -B -pl e2e -am verify -Pkind-e2e -DskipTests \
    -Dfiredrill.e2e.image="$runner_image" -Dfiredrill.e2e.operator-namespace="$release_ns"
fi

step "done: every check passed"
