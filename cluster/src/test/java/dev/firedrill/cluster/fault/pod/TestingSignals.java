package dev.firedrill.cluster.fault.pod;

import dev.firedrill.engine.run.RunSignals;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a setup signals to its run. */
final class TestingSignals implements RunSignals {

  record Note(String f, String key, Map<String, ?> value, String error) {}

  final List<Note> notes = new CopyOnWriteArrayList<>();
  final List<String> guardrails = new CopyOnWriteArrayList<>();
  final List<String> inconclusive = new CopyOnWriteArrayList<>();

  @Override
  public void note(String f, String key, Map<String, ?> value, String error) {
    notes.add(new Note(f, key, Map.copyOf(value), error));
  }

  @Override
  public void guardrail(String reason) {
    guardrails.add(reason);
  }

  @Override
  public void inconclusive(String reason) {
    inconclusive.add(reason);
  }
}
