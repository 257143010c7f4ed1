package dev.firedrill.engine.fault;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * One fault occurrence on one target, as the fault ledger holds it: written before the fault is
 * injected and updated after, so whoever reads it — the run itself, {@code firedrill heal}, a
 * restarted operator — can undo the fault from this record alone, with no live run.
 *
 * @param occurrence the fault occurrence, {@code name#n}
 * @param action the action's wire name ({@code latency}, {@code pause}, {@code podKill}, ...)
 * @param driver the {@link FaultDriver#kind} that injected it and knows how to undo it
 * @param target what it acts on: a proxy, a local process, a pod ({@code namespace/name})
 * @param undo what exactly to undo, in the driver's terms (e.g. the Toxiproxy URL and toxic names,
 *     a pid and its start time); never null
 * @param exclusive a resource that overlapping faults share and only the last heal may release
 *     (e.g. a proxy's enabled flag, a process's stopped state); null when faults stack freely
 * @param state where the entry stands
 * @param injectedAt when the inject took effect (RFC 3339), or null
 * @param healedAt when the heal took effect (RFC 3339), or null
 * @param error why the inject or the last heal failed, or null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LedgerEntry(
    @JsonPropertyDescription("The fault occurrence: name#n.") String occurrence,
    @JsonPropertyDescription("The action: podKill, pause, partition, latency, ...") String action,
    @JsonPropertyDescription("The driver that injects and heals it: process, toxiproxy, pod.")
        String driver,
    @JsonPropertyDescription("What it acts on: a proxy, a local process, a pod (namespace/name).")
        String target,
    @JsonPropertyDescription("What exactly to undo, in the driver's terms.")
        Map<String, String> undo,
    @JsonPropertyDescription(
            "A resource overlapping faults share; only the last heal releases it. Empty when"
                + " faults stack.")
        String exclusive,
    @JsonPropertyDescription("Planned, Injected, Done, Healed, Failed or HealFailed.") State state,
    @JsonPropertyDescription("When it was injected (RFC 3339).") String injectedAt,
    @JsonPropertyDescription("When it was healed (RFC 3339).") String healedAt,
    @JsonPropertyDescription("Why the inject or the last heal failed.") String error) {

  public LedgerEntry {
    undo = undo == null ? Map.of() : Map.copyOf(undo);
    state = state == null ? State.PLANNED : state;
  }

  /** A new entry, before its inject. */
  public static LedgerEntry planned(
      String occurrence,
      String action,
      String driver,
      String target,
      Map<String, String> undo,
      String exclusive) {
    return new LedgerEntry(
        occurrence, action, driver, target, undo, exclusive, State.PLANNED, null, null, null);
  }

  /** Where a ledger entry stands. */
  public enum State {
    /** Written, not yet injected: may have been half-injected by a process that died. */
    @JsonProperty("Planned")
    PLANNED,
    /** In effect until healed. */
    @JsonProperty("Injected")
    INJECTED,
    /** An instantaneous fault (a kill) that took place; nothing to undo. */
    @JsonProperty("Done")
    DONE,
    /** Undone. */
    @JsonProperty("Healed")
    HEALED,
    /** The inject failed; it may have taken effect in part, so it is still healed. */
    @JsonProperty("Failed")
    FAILED,
    /** A heal was tried and failed: the fault may still be in effect. */
    @JsonProperty("HealFailed")
    HEAL_FAILED;

    /** True while the fault may be in effect and must be healed. */
    public boolean needsHeal() {
      return this == PLANNED || this == INJECTED || this == FAILED || this == HEAL_FAILED;
    }
  }

  /** A copy in another state. */
  public LedgerEntry with(State next, String injected, String healed, String why) {
    return new LedgerEntry(
        occurrence, action, driver, target, undo, exclusive, next, injected, healed, why);
  }

  /** The key that identifies the entry in a ledger: occurrence and target. */
  public String key() {
    return occurrence + "@" + target;
  }
}
