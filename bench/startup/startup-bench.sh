#!/usr/bin/env bash
# Start time of the CLI: today's launcher (the ./firedrill and scripts/find-jdk of commit $BASE)
# against the current one (start-up cache, short-run JVM settings), side by side with hyperfine,
# on the same jar, in one run. Results: docs/benchmarks.md, "Start time of the CLI".
#
# Usage (from the repository root, after ./firedrill has built the CLI once):
#   bench/startup/startup-bench.sh [porcupine etcd dir]   (default /tmp/porcupine-etcd)
# BASE_JAR=path/to/firedrill-cli.jar compares another build instead (e.g. a copy of main's jar,
# with BASE=main): the launcher of $BASE with that jar, from a scratch root of its own.
# The etcd histories are third-party data, never committed: see docs/benchmarks.md for where they
# come from. Run it under flock /tmp/firedrill-bench.lock so no two benchmarks overlap.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
BASE="${BASE:-b6c2ad9}"
etcd_logs="${1:-/tmp/porcupine-etcd}"
runs="${RUNS:-20}"
work=/tmp/firedrill-startup
mkdir -p "$work"

. scripts/find-jdk
firedrill_find_jdk
./firedrill --version >/dev/null # builds the jar if sources changed, makes the cache
[ -d bench/target/classes/dev/firedrill/bench/startup ] ||
  ./mvnw -B -q -o -DskipTests -Dspotless.check.skip=true -Djib.skip=true -pl bench -am package
"$JAVA_HOME/bin/java" -cp bench/target/classes:cli/target/firedrill-cli.jar \
  dev.firedrill.bench.startup.EtcdToJsonl "$etcd_logs" "$work/etcd" >/dev/null

if [ -n "${BASE_JAR:-}" ]; then
  # Another jar with the current launcher: a scratch root holding only what the launcher reads
  # (no sources, so it never rebuilds), with a start-up cache of its own.
  base_root="$work/base-root"
  rm -rf "$base_root"
  mkdir -p "$base_root/scripts" "$base_root/cli/target" "$base_root/demo/target"
  git show "$BASE:firedrill" >"$base_root/firedrill"
  git show "$BASE:scripts/find-jdk" >"$base_root/scripts/find-jdk"
  chmod +x "$base_root/firedrill"
  cp -r drills "$base_root/"
  cp "$BASE_JAR" "$base_root/cli/target/firedrill-cli.jar"
  cp demo/target/firedrill-demo.jar "$base_root/demo/target/"
  "$base_root/firedrill" --version >/dev/null 2>&1
  ln -sf "$base_root/firedrill" .firedrill-before
  trap 'rm -f "$root/.firedrill-before"' EXIT
  echo "baseline: the launcher of $BASE with $BASE_JAR"
else
  # Today's launcher, as committed at $BASE, beside the current one (it finds the repository root
  # by its own location, so it has to sit there); removed on exit.
  git show "$BASE:firedrill" | sed 's#scripts/find-jdk#.firedrill-before-find-jdk#' >.firedrill-before
  git show "$BASE:scripts/find-jdk" >.firedrill-before-find-jdk
  chmod +x .firedrill-before
  trap 'rm -f "$root/.firedrill-before" "$root/.firedrill-before-find-jdk"' EXIT
  echo "baseline: the launcher of $BASE"
fi

drill=drills/phantom-writes.yaml
small="$work/etcd/etcd_070.jsonl"
count=$(ls "$work"/etcd/*.jsonl | wc -l)
echo "machine: $(nproc) cores, $(uname -sr), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench() { # result name, label, then the firedrill arguments
  local name="$1" label="$2"
  shift 2
  hyperfine -N -i -w 2 -r "$runs" --export-json "$work/$name.json" \
    -n "today: firedrill $label" "./.firedrill-before $*" \
    -n "now: firedrill $label" "./firedrill $*" | grep -E 'Benchmark|Time|Range|faster|±'
}
bench lint "lint $drill" lint "$drill"
bench check-small "check etcd_070.jsonl --model cas-register" check "$small" --model cas-register
# all histories in one process (hyperfine -N takes no glob, so the files are listed)
bench check-etcd "check <$count etcd histories> --model cas-register" \
  check $(ls "$work"/etcd/*.jsonl) --model cas-register

# The first use: making the cache once (a training run, then the cache is assembled).
rm -rf cli/target/startup-cache
start=$(date +%s.%N)
./firedrill lint "$drill" >/dev/null 2>&1
echo "first use (cache made, then lint): $(echo "$(date +%s.%N) - $start" | bc) s wall"
echo "cache: $(du -h cli/target/startup-cache/*.aot 2>/dev/null | cut -f1)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wall median (s) and CPU mean (user+sys, s), today / now:"
for f in lint check-small check-etcd; do
  python3 - "$work/$f.json" "$f" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
cpu = [x["user"] + x["system"] for x in r]
print("  %-12s wall %.3f / %.3f (ratio %.2f)   cpu %.3f / %.3f (ratio %.2f)" % (
    sys.argv[2], r[0]["median"], r[1]["median"], r[1]["median"] / r[0]["median"],
    cpu[0], cpu[1], cpu[1] / cpu[0]))
PY
done
