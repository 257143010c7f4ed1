package dev.firedrill.engine.run;

import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Guardrail;
import dev.firedrill.engine.model.ProbeSpec;
import dev.firedrill.engine.probe.HttpProber;
import dev.firedrill.engine.probe.ProbeSample;
import dev.firedrill.engine.probe.Prober;
import dev.firedrill.engine.probe.PrometheusProber;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Samples every probe on its own virtual thread, every {@code interval}, from before the first
 * fault until after recovery, and watches the probe guardrails: a probe failing continuously for
 * {@code failingFor} trips {@code onTrip} once.
 */
final class ProbeRunner implements AutoCloseable {

  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  private static final Duration DEFAULT_FAILING_FOR = Duration.ofSeconds(10);

  private final List<ProbeSpec> probes;
  private final List<Guardrail> guardrails;
  private final Consumer<ProbeSample> sink;
  private final Consumer<String> onTrip;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Map<String, Long> failingSince = new ConcurrentHashMap<>();
  private final Map<String, Boolean> latest = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private volatile boolean tripped;

  ProbeRunner(
      List<ProbeSpec> probes,
      List<Guardrail> guardrails,
      Consumer<ProbeSample> sink,
      Consumer<String> onTrip) {
    this.probes = probes;
    this.guardrails = guardrails;
    this.sink = sink;
    this.onTrip = onTrip;
  }

  void start() {
    for (ProbeSpec p : probes) {
      Prober prober =
          p.http() != null
              ? new HttpProber(p.name(), p.http(), http)
              : new PrometheusProber(p.name(), p.prometheus(), http);
      Duration interval = DurationText.parseOr(p.interval(), DEFAULT_INTERVAL);
      threads.add(Thread.ofVirtual().name("probe-" + p.name()).start(() -> loop(prober, interval)));
    }
  }

  private void loop(Prober prober, Duration interval) {
    long next = System.nanoTime();
    while (running) {
      ProbeSample s = prober.sample();
      if (!running) {
        return;
      }
      sink.accept(s);
      guard(s);
      next += interval.toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
          return;
        }
      } else {
        next = System.nanoTime();
      }
    }
  }

  /** Each named probe's latest health: null for one that has not sampled yet. */
  Map<String, Boolean> latest(List<String> names) {
    Map<String, Boolean> out = new java.util.LinkedHashMap<>();
    names.forEach(n -> out.put(n, latest.get(n)));
    return out;
  }

  private void guard(ProbeSample s) {
    latest.put(s.probe(), s.healthy());
    if (s.healthy()) {
      failingSince.remove(s.probe());
      return;
    }
    long since = failingSince.computeIfAbsent(s.probe(), k -> System.nanoTime());
    for (Guardrail g : guardrails) {
      if (s.probe().equals(g.probe())) {
        Duration limit = DurationText.parseOr(g.failingFor(), DEFAULT_FAILING_FOR);
        if (System.nanoTime() - since >= limit.toNanos()) {
          trip(
              "guardrail: probe "
                  + s.probe()
                  + " failing for "
                  + DurationText.format(limit)
                  + " ("
                  + s.error()
                  + ")");
        }
      }
    }
  }

  synchronized void trip(String reason) {
    if (!tripped) {
      tripped = true;
      onTrip.accept(reason);
    }
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    boolean interrupted = Thread.interrupted();
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    http.close();
  }
}
