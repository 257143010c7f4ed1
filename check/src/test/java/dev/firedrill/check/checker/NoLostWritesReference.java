package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set checker as it was before issue #4 (kept verbatim as the oracle of the equivalence test).
 * No lost writes, with set semantics: every acknowledged element added to a set stays in it.
 *
 * <p>Ops: {@code add} with the element as value; {@code read} whose ok value is the whole set (a
 * list). Each {@code key} is a separate set. Terms:
 *
 * <ul>
 *   <li><b>attempted</b>: an {@code add} of the element was invoked.
 *   <li><b>acknowledged</b>: an {@code add} of it completed ok.
 *   <li><b>indeterminate</b>: every add of it completed info or never completed.
 *   <li><b>known</b>: from the earlier of its acknowledgement and the completion of the first read
 *       that contains it.
 *   <li>A read <b>follows</b> an element when the read was invoked after the element was known.
 *   <li><b>lost</b>: known, and absent from the last read that follows it (it disappeared and never
 *       came back). INVALID.
 *   <li><b>unexpected</b>: present in a read but never attempted, or all its adds failed. INVALID.
 *   <li><b>stale</b>: absent from a read that follows it, yet present in a later read. Legal under
 *       set semantics (noted as VALID); INVALID when the set must be linearizable.
 *   <li><b>recovered</b>: indeterminate, yet present in a read. Legal (a stat).
 *   <li><b>never-read</b>: acknowledged, but no read follows it: there is no final read, so the
 *       history cannot tell whether it survived. UNKNOWN.
 *   <li><b>stable latency</b>: from known to the invocation of the first read of the final run of
 *       reads that contain it; <b>lost latency</b>: the same for the final run that lacks it.
 * </ul>
 *
 * @param linearizable whether stale reads are violations
 */
record NoLostWritesReference(boolean linearizable) implements Checker {
  /** At most this many anomalies of one kind are listed; the stats hold the full counts. */
  static final int MAX_LISTED = 100;

  NoLostWritesReference() {
    this(false);
  }

  @Override
  public String name() {
    return "no-lost-writes";
  }

  @Override
  public Result check(History history) {
    Map<String, SetKey> sets = new LinkedHashMap<>();
    for (Operation o : history.clientOperations("add", "read")) {
      SetKey s = sets.computeIfAbsent(o.key(), k -> new SetKey());
      (o.f().equals("add") ? s.adds : s.reads).add(o);
    }
    Tally tally = new Tally();
    sets.forEach((key, set) -> set.analyze(key, tally, linearizable));
    return Result.of(name(), tally.anomalies, tally.stats());
  }

  /** What one element went through. */
  private static final class Element {
    final Object value;
    Operation add;
    long known = Long.MAX_VALUE;
    long knownTime;
    boolean seen;
    boolean unexpected;
    int state; // 0 unseen by a following read, 1 present, 2 absent
    Operation runStart;
    Operation staleRead;

    Element(Object value) {
      this.value = value;
    }
  }

  private static final class SetKey {
    final List<Operation> adds = new ArrayList<>();
    final List<Operation> reads = new ArrayList<>();
    final Map<Object, Element> elements = new LinkedHashMap<>();

    void analyze(String key, Tally tally, boolean linearizable) {
      for (Operation add : adds) {
        Element e = elements.computeIfAbsent(add.invoke().value(), Element::new);
        if (e.add == null || rank(add) > rank(e.add)) {
          e.add = add;
        }
      }
      List<Operation> okReads = new ArrayList<>();
      for (Operation r : reads) {
        if (r.ok() && r.value() instanceof Collection<?>) {
          okReads.add(r);
        } else if (r.ok()) {
          tally.add(
              Anomaly.unknown(
                  "malformed-read",
                  key,
                  Explain.keyed(key) + Explain.op(r.completion()) + " does not return a list",
                  List.of(r.completion())));
        }
      }
      okReads.sort(Comparator.comparingLong(r -> r.invoke().index()));
      markKnown(key, okReads, tally);
      followReads(okReads);
      conclude(key, tally, linearizable);
    }

    private static int rank(Operation add) {
      return switch (add.outcome()) {
        case OK -> 3;
        case INFO, INVOKE -> 2;
        case FAIL -> 1;
      };
    }

    /** Finds each element's known point, and the unexpected elements. */
    private void markKnown(String key, List<Operation> okReads, Tally tally) {
      for (Element e : elements.values()) {
        if (e.add.ok()) {
          e.known = e.add.completion().index();
          e.knownTime = e.add.completion().time();
        }
      }
      for (Operation r : okReads) {
        for (Object v : (Collection<?>) r.value()) {
          Element e = elements.computeIfAbsent(v, Element::new);
          e.seen = true;
          if (e.add == null || e.add.outcome() == dev.firedrill.check.history.OpType.FAIL) {
            if (!e.unexpected) {
              e.unexpected = true;
              tally.unexpected(key, e.value, e.add, r);
            }
          } else if (r.completion().index() < e.known) {
            e.known = r.completion().index();
            e.knownTime = r.completion().time();
          }
        }
      }
    }

    /** Walks the reads in invocation order, tracking each known element's presence. */
    private void followReads(List<Operation> okReads) {
      List<Element> byKnown = new ArrayList<>();
      for (Element e : elements.values()) {
        if (!e.unexpected && e.known != Long.MAX_VALUE) {
          byKnown.add(e);
        }
      }
      byKnown.sort(Comparator.comparingLong(e -> e.known));
      int known = 0;
      for (Operation r : okReads) {
        while (known < byKnown.size() && byKnown.get(known).known < r.invoke().index()) {
          known++;
        }
        Collection<?> values = (Collection<?>) r.value();
        Set<?> present = values instanceof Set<?> s ? s : new HashSet<>(values);
        for (int i = 0; i < known; i++) {
          Element e = byKnown.get(i);
          int now = present.contains(e.value) ? 1 : 2;
          if (now != e.state) {
            if (now == 1 && e.state == 2 && e.staleRead == null) {
              e.staleRead = e.runStart;
            }
            e.state = now;
            e.runStart = r;
          }
        }
      }
    }

    private void conclude(String key, Tally tally, boolean linearizable) {
      List<Element> neverRead = new ArrayList<>();
      for (Element e : elements.values()) {
        if (e.unexpected) {
          continue;
        }
        tally.count(e);
        if (e.staleRead != null) {
          tally.stale(key, e, linearizable);
        }
        if (e.state == 2) {
          tally.lost(key, e);
        } else if (e.state == 1) {
          tally.stableLatency.add(e.runStart.invoke().time() - e.knownTime);
        } else if (e.add != null && e.add.ok()) {
          neverRead.add(e);
        }
      }
      tally.neverRead(key, neverRead);
    }
  }

  /** Anomalies and counts across all keys. */
  private static final class Tally {
    final List<Anomaly> anomalies = new ArrayList<>();
    final Map<String, Integer> listed = new HashMap<>();
    final Latencies stableLatency = new Latencies();
    final Latencies lostLatency = new Latencies();
    long attempted;
    long acknowledged;
    long failed;
    long indeterminate;
    long recovered;
    long stable;
    long lost;
    long stale;
    long unexpected;
    long neverRead;

    void add(Anomaly a) {
      if (listed.merge(a.kind(), 1, Integer::sum) <= MAX_LISTED) {
        anomalies.add(a);
      }
    }

    void count(Element e) {
      if (e.add == null) {
        return;
      }
      attempted++;
      switch (e.add.outcome()) {
        case OK -> acknowledged++;
        case FAIL -> failed++;
        default -> {
          indeterminate++;
          recovered += e.seen ? 1 : 0;
        }
      }
      stable += e.state == 1 ? 1 : 0;
    }

    void unexpected(String key, Object value, Operation add, Operation read) {
      unexpected++;
      String why =
          add == null ? "never added" : "its add failed (" + Explain.op(add.completion()) + ")";
      List<Op> ops =
          add == null ? List.of(read.completion()) : List.of(add.completion(), read.completion());
      add(
          Anomaly.invalid(
                  "unexpected",
                  key,
                  Explain.keyed(key)
                      + "element "
                      + value
                      + " was "
                      + why
                      + " but "
                      + Explain.op(read.completion())
                      + " returned it",
                  ops)
              .with(Map.of("element", value)));
    }

    void lost(String key, Element e) {
      lost++;
      long latency = e.runStart.invoke().time() - e.knownTime;
      lostLatency.add(latency);
      Op ack = e.add.ok() ? e.add.completion() : e.add.invoke();
      Op read = e.runStart.completion();
      add(
          Anomaly.invalid(
                  "lost",
                  key,
                  Explain.keyed(key)
                      + "element "
                      + e.value
                      + " was "
                      + (e.add.ok() ? "acknowledged by " : "seen, added by ")
                      + Explain.op(ack)
                      + ", then absent from "
                      + Explain.op(read)
                      + " and every later read",
                  List.of(ack, read))
              .with(Map.of("element", e.value, "lostAfterMillis", Math.max(0, latency) / 1e6)));
    }

    void stale(String key, Element e, boolean linearizable) {
      stale++;
      Op read = e.staleRead.completion();
      add(
          new Anomaly(
              "stale",
              linearizable ? Validity.INVALID : Validity.VALID,
              key,
              Explain.keyed(key)
                  + "element "
                  + e.value
                  + " was known at index "
                  + e.known
                  + " but absent from "
                  + Explain.op(read)
                  + ", and present again later",
              List.of(e.staleRead.invoke(), read),
              Map.of("element", e.value)));
    }

    void neverRead(String key, List<Element> elements) {
      if (elements.isEmpty()) {
        return;
      }
      neverRead += elements.size();
      List<Op> ops = elements.stream().limit(5).map(e -> e.add.completion()).toList();
      add(
          Anomaly.unknown(
              "never-read",
              key,
              Explain.keyed(key)
                  + elements.size()
                  + " acknowledged element(s) were never read afterwards (no final read), e.g. "
                  + Explain.op(ops.get(0)),
              ops));
    }

    Map<String, Object> stats() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("attempted", attempted);
      s.put("acknowledged", acknowledged);
      s.put("failed", failed);
      s.put("indeterminate", indeterminate);
      s.put("recovered", recovered);
      s.put("stable", stable);
      s.put("lost", lost);
      s.put("stale", stale);
      s.put("unexpected", unexpected);
      s.put("neverRead", neverRead);
      s.put("stableLatencyMillis", stableLatency.quantilesMillis());
      s.put("lostLatencyMillis", lostLatency.quantilesMillis());
      return s;
    }
  }
}
