package dev.firedrill.engine.fault.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real 3-member etcd (Debian's {@code etcd-server}) as a drill's local processes, for the ITs:
 * members e1, e2, e3 on free loopback ports, each member's peer traffic reaching it through a proxy
 * of the run's embedded Toxiproxy ({@code peer-e1}...), so the proxies must exist before the
 * members start, and each member's data directory under {@code {{runDir}}}, fresh per run. Outside
 * CI a machine without etcd skips, with the hint; in CI its absence is a failure.
 */
public final class EtcdCluster {

  /** Debian's etcd-server binary. */
  public static final Path BINARY = Path.of("/usr/bin/etcd");

  /** Client ports, by member index. */
  public final int[] client = new int[3];

  private final int[] peer = new int[3];
  private final int[] proxy = new int[3];

  public EtcdCluster() throws IOException {
    for (int i = 0; i < 3; i++) {
      client[i] = TestingHealthServer.freePort();
      peer[i] = TestingHealthServer.freePort();
      proxy[i] = TestingHealthServer.freePort();
    }
  }

  /** Skips (or, in CI, fails) when etcd is not installed. */
  public static void require() {
    if (!Files.isExecutable(BINARY)) {
      String hint = "etcd is not installed: apt-get install etcd-server";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(hint + " (.ci/run installs it)");
      }
      Assumptions.abort(hint);
    }
  }

  /** The {@code target} and {@code toxiproxy} sections of a drill, indented for a spec. */
  public String targetAndProxies(String restartHealth) {
    StringBuilder cluster = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      cluster.append(i == 0 ? "" : ",").append("e").append(i + 1);
      cluster.append("=http://127.0.0.1:").append(proxy[i]);
    }
    StringBuilder y = new StringBuilder("target:\n  processes:\n");
    for (int i = 0; i < 3; i++) {
      String name = "e" + (i + 1);
      String c = "http://127.0.0.1:" + client[i];
      y.append(
          """
            - name: %s
              command: ["%s", --name, %s, --data-dir, "{{runDir}}/data/%s",
                        --listen-client-urls, "%s", --advertise-client-urls, "%s",
                        --listen-peer-urls, "http://127.0.0.1:%d",
                        --initial-advertise-peer-urls, "http://127.0.0.1:%d",
                        --initial-cluster, "%s", --initial-cluster-token, firedrill,
                        --initial-cluster-state, new, --enable-v2=true,
                        --heartbeat-interval, "50", --election-timeout, "500"]
              port: %d
              ports: [%d]
              health: %s/health
              startTimeout: 20s
          """
              .formatted(
                  name, BINARY, name, name, c, c, peer[i], proxy[i], cluster, client[i], peer[i],
                  c));
      if (restartHealth != null) {
        y.append("      restartHealth: ").append(restartHealth).append('\n');
      }
    }
    y.append("toxiproxy:\n  proxies:\n");
    for (int i = 0; i < 3; i++) {
      y.append(
          "    - {name: peer-e%d, listen: \"127.0.0.1:%d\", upstream: \"127.0.0.1:%d\"}\n"
              .formatted(i + 1, proxy[i], peer[i]));
    }
    return y.toString();
  }

  /** The client URL of each member, e1 first. */
  public List<String> clientUrls() {
    List<String> urls = new ArrayList<>();
    for (int c : client) {
      urls.add("http://127.0.0.1:" + c);
    }
    return urls;
  }

  /** A kv workload of quorum reads, writes and compare-and-set on etcd's v2 keys API. */
  public String workload(int member, String duration) {
    return workload("baseUrl: http://127.0.0.1:" + client[member], duration);
  }

  /**
   * The same workload spread over every member: {@code endpoints} with this {@code endpointPolicy}.
   */
  public String workloadOverEvery(String policy, String duration) {
    return workload(
        "endpoints: [" + String.join(", ", clientUrls()) + "]\n  endpointPolicy: " + policy,
        duration);
  }

  private static String workload(String where, String duration) {
    return """
    workload:
      type: kv
      %s
      rate: 40
      concurrency: 8
      duration: %s
      keys: 3
      timeout: 1s
      operations:
        read:
          path: /v2/keys/firedrill/{{key}}
          query:
            quorum: "true"
          extract: /node/value
          status:
            "404": absent
        write:
          method: PUT
          path: /v2/keys/firedrill/{{key}}
          form:
            value: "{{value}}"
        cas:
          method: PUT
          path: /v2/keys/firedrill/{{key}}
          query:
            prevValue: "{{expected}}"
          form:
            value: "{{value}}"
          status:
            "412": fail
            "404": fail
    invariants:
      - type: linearizable
        model: cas-register
    """
        .formatted(where, duration);
  }

  /** The pids of the cluster's members alive now, by their client port in the command line. */
  public List<ProcessHandle> members() {
    List<ProcessHandle> out = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(BINARY.toString()))
        .filter(p -> {
          String line = p.info().commandLine().orElse("");
          for (int c : client) {
            if (line.contains("127.0.0.1:" + c + " ")) {
              return true;
            }
          }
          return false;
        })
        .forEach(out::add);
    return out;
  }
}
