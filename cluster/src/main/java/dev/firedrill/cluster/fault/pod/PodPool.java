package dev.firedrill.cluster.fault.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A watch (a Fabric8 informer) over the pods one selector matches, from the start of a run to its
 * end. It answers two questions:
 *
 * <ul>
 *   <li><b>How many are down.</b> The pool's <i>baseline</i> is the number of Ready pods when the
 *       watch had synced, before any fault; a pod is down when it is missing from that count:
 *       {@code down = max(0, baseline - ready now)}, a pod being deleted counting as not Ready. So
 *       a pod not Ready before the run is not counted (the drill did not take it down), a killed
 *       pod is down until a replacement is Ready, and a rollout's extra pods never make the count
 *       negative. (A scale-down during the run counts as pods down.)
 *   <li><b>When a killed pod was replaced.</b> A <i>replacement</i> is a pod that the pool had not
 *       seen when the kill was chosen and that became Ready after the kill; each replaces one
 *       killed pod, oldest kill first. {@link #awaitReplacement} calls back with the time from the
 *       kill to the moment the watch first saw the replacement Ready.
 * </ul>
 *
 * Label equality is filtered by the API server; matchExpressions here. Times come from {@code
 * nanos} (a {@link System#nanoTime} source, movable in tests).
 */
final class PodPool implements AutoCloseable {

  /** A replaced pod, or (replacement null) one still waiting when the pool closed. */
  record Replacement(String faultId, String killed, String replacement, long millis) {}

  /** Called back once per kill. */
  interface OnReplaced {
    void replaced(Replacement r);
  }

  private record Pending(
      String faultId, String killed, Set<String> known, long killedAt, OnReplaced callback) {}

  private record Done(OnReplaced callback, Replacement replacement) {}

  private static final long SYNC_TIMEOUT_SECONDS = 30;

  private final KubernetesClient client;
  private final PodSelector selector;
  private final LongSupplier nanos;
  private final List<Runnable> listeners = new ArrayList<>();
  private final Map<String, Long> firstReady = new LinkedHashMap<>();
  private final Set<String> claimed = new HashSet<>();
  private final List<Pending> pending = new ArrayList<>();
  private SharedIndexInformer<Pod> informer;
  private int baseline;

  PodPool(KubernetesClient client, PodSelector selector, LongSupplier nanos) {
    this.client = client;
    this.selector = selector;
    this.nanos = nanos;
  }

  PodSelector selector() {
    return selector;
  }

  /** Calls {@code listener} (on the watch's thread) after every change to the pool's pods. */
  synchronized void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Starts the watch and waits until it has listed the pods; the baseline is taken then. */
  void start() throws Exception {
    var pods = client.pods().inNamespace(selector.namespace());
    SharedIndexInformer<Pod> inf =
        (selector.matchLabels().isEmpty() ? pods : pods.withLabels(selector.matchLabels()))
            .runnableInformer(0);
    inf.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            changed(pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            changed(pod);
          }

          @Override
          public void onDelete(Pod pod, boolean finalStateUnknown) {
            changed(null);
          }
        });
    synchronized (this) {
      informer = inf;
    }
    inf.start().toCompletableFuture().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    synchronized (this) {
      baseline = readyNow().size();
    }
  }

  /** The Ready pods when the watch synced. */
  synchronized int baseline() {
    return baseline;
  }

  /** The pods of the pool as the watch last saw them. */
  synchronized List<Pod> pods() {
    return informer == null
        ? List.of()
        : informer.getStore().list().stream().filter(selector::matches).toList();
  }

  /** The Ready pods now, as the watch saw them last. */
  synchronized List<Pod> readyNow() {
    return pods().stream().filter(Pods::ready).toList();
  }

  /** How many pods are down now (see the class comment). */
  synchronized int down() {
    return Math.max(0, baseline - readyNow().size());
  }

  /** The pods counted as missing: the pool's pods that are not Ready, by name. */
  synchronized List<String> notReady() {
    return pods().stream()
        .filter(p -> !Pods.ready(p))
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  /**
   * Calls {@code callback} once a pod the pool did not know ({@code known}: the uids listed when
   * the kill was chosen) is Ready after {@code killedAt}, or with no replacement when the pool
   * closes.
   */
  void awaitReplacement(
      String faultId, String killed, Set<String> known, long killedAt, OnReplaced callback) {
    List<Done> done;
    synchronized (this) {
      pending.add(new Pending(faultId, killed, Set.copyOf(known), killedAt, callback));
      done = match();
    }
    deliver(done);
  }

  private void changed(Pod pod) {
    List<Done> done;
    List<Runnable> notify;
    synchronized (this) {
      if (pod != null && selector.matches(pod) && Pods.ready(pod)) {
        firstReady.putIfAbsent(Pods.uid(pod), nanos.getAsLong());
      }
      done = match();
      notify = List.copyOf(listeners);
    }
    deliver(done);
    notify.forEach(Runnable::run);
  }

  /** Pairs new Ready pods with waiting kills, oldest first. Holds the lock. */
  private List<Done> match() {
    List<Done> done = new ArrayList<>();
    for (var it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      for (Pod pod : readyNow()) {
        String uid = Pods.uid(pod);
        Long seen = firstReady.get(uid);
        if (seen != null && seen >= p.killedAt() && !p.known().contains(uid) && claimed.add(uid)) {
          done.add(
              new Done(
                  p.callback(),
                  new Replacement(
                      p.faultId(),
                      p.killed(),
                      Pods.ref(pod),
                      TimeUnit.NANOSECONDS.toMillis(seen - p.killedAt()))));
          it.remove();
          break;
        }
      }
    }
    return done;
  }

  private static void deliver(List<Done> done) {
    // Callbacks run outside the lock: they write the history.
    done.forEach(d -> d.callback().replaced(d.replacement()));
  }

  /** Stops the watch; kills still waiting are called back with no replacement. */
  @Override
  public void close() {
    List<Pending> left;
    synchronized (this) {
      left = List.copyOf(pending);
      pending.clear();
      if (informer != null) {
        informer.stop();
      }
    }
    long now = nanos.getAsLong();
    for (Pending p : left) {
      p.callback()
          .replaced(
              new Replacement(
                  p.faultId(),
                  p.killed(),
                  null,
                  TimeUnit.NANOSECONDS.toMillis(now - p.killedAt())));
    }
  }
}
