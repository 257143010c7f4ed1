package dev.firedrill.engine.workload;

import dev.firedrill.engine.model.EndpointPolicy;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses which base URL each operation goes to when it has several: an operation's own {@code
 * endpoints}, else the workload's; an operation with one base URL (its {@code baseUrl}, or the
 * workload's) is never routed, so its invocation names no endpoint and its history stays as it was.
 *
 * <p>Policies ({@link EndpointPolicy}): round robin over one counter per list shared by every
 * client, so each member gets every n-th operation whatever the clients do; random from the calling
 * client's seeded source (drawn after the generator's own draws, so choosing endpoints does not
 * change which operations are issued); per client, {@code endpoints[(process mod concurrency) mod
 * n]}: the open loop continues a client whose operation ended indeterminate as process {@code p +
 * concurrency}, so the client, not the process, keeps its endpoint. Calls without a client source
 * (the recovery and final reads) fall back to round robin, so they too visit every member.
 * Thread-safe.
 */
public final class Endpoints {

  private final EndpointPolicy policy;
  private final int concurrency;
  private final List<String> workload;
  private final Map<String, List<String>> byOperation = new HashMap<>();
  private final Map<List<String>, AtomicLong> turns = new HashMap<>();

  public Endpoints(Workload w) {
    this.policy = w.policy();
    this.concurrency = w.concurrencyOrDefault();
    this.workload = w.baseUrls();
    for (Map.Entry<String, RequestTemplate> op : w.operations().entrySet()) {
      RequestTemplate t = op.getValue();
      List<String> urls =
          !t.endpoints().isEmpty()
              ? t.endpoints()
              : t.baseUrl() != null ? List.of(t.baseUrl()) : workload;
      byOperation.put(op.getKey(), urls);
      turns.putIfAbsent(urls, new AtomicLong());
    }
    turns.putIfAbsent(workload, new AtomicLong());
  }

  /**
   * The base URL of {@code operation} for client {@code process}, or null when the operation has
   * just one (or none).
   *
   * @param random the client's seeded source, or null outside the open loop
   */
  public String choose(String operation, int process, SplittableRandom random) {
    List<String> urls = byOperation.getOrDefault(operation, workload);
    int n = urls.size();
    if (n < 2) {
      return null;
    }
    EndpointPolicy p = random == null ? EndpointPolicy.ROUND_ROBIN : policy;
    int i =
        switch (p) {
          case ROUND_ROBIN -> (int) Math.floorMod(turns.get(urls).getAndIncrement(), (long) n);
          case RANDOM -> random.nextInt(n);
          case PER_CLIENT -> Math.floorMod(Math.floorMod(process, concurrency), n);
        };
    return urls.get(i);
  }

  /** {@code generator} with each operation sent to the endpoint this chooses for it. */
  public Generator route(Generator generator) {
    return new Generator() {
      @Override
      public Invocation next(int process, SplittableRandom random) {
        Invocation inv = generator.next(process, random);
        String url = choose(inv.operation(), process, random);
        return url == null ? inv : inv.at(url);
      }

      @Override
      public List<Invocation> finalReads() {
        return generator.finalReads().stream()
            .map(inv -> {
              String url = choose(inv.operation(), -1, null);
              return url == null ? inv : inv.at(url);
            })
            .toList();
      }
    };
  }
}
