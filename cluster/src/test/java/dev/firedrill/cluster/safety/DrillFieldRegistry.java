package dev.firedrill.cluster.safety;

import static dev.firedrill.cluster.safety.FieldCoverage.Run.CLUSTER;
import static dev.firedrill.cluster.safety.FieldCoverage.Run.LOCAL;
import static dev.firedrill.cluster.safety.FieldCoverage.effect;

import java.util.List;

/**
 * What shows each field of the drill reference does something: one entry a field, walked by {@link
 * DrillFieldsTest}. A new field is one more line: {@code effect("path", "module/Class#method")},
 * with {@code .refusedIn(LOCAL|CLUSTER, "path[0]", "yaml")} where it cannot apply (the refusal's
 * path is in {@link DrillFieldsTest}'s base drill of that kind of run: faults[0] is a podKill,
 * faults[1] a latency, toxiproxy.proxies[0] a listen/upstream proxy).
 */
final class DrillFieldRegistry {

  private DrillFieldRegistry() {}

  private static final String PAUSE =
      "{name: stop, at: 5s, duration: 2s, pause: {processes: [svc]}}";
  private static final String SKEW =
      "{name: skew, at: 5s, duration: 2s, clockSkew: {processes: [svc], offset: 30s}}";

  /** What proves each field's effect, and where it is refused. */
  static final List<FieldCoverage> FIELDS =
      List.of(
          effect(
              "description",
              "engine/ReportsTest#resultsJsonShowsDescriptionEvidenceAndBothTimesOfEachAnomalyOpInInvocationOrder",
              "engine/ReportsTest#reportHtmlShowsDescriptionEvidenceAndOpTimesSorted"),
          effect(
              "target", "engine/EngineRunIT#aRunGoesThroughEveryPhaseAndKeepsItsLedgerAndReports"),
          effect(
              "target.namespace",
              "operator/DrillReconcilerTest#namespaceWithoutTheLabelIsRefusedWithTheCommandThatEnablesIt",
              "cluster/PodKillDriverIT#eachModeKillsItsCountChosenBySeedAmongTheRunningPods"),
          effect(
              "target.selector",
              "cluster/PodKillDriverIT#eachModeKillsItsCountChosenBySeedAmongTheRunningPods"),
          effect(
                  "target.processes",
                  "engine/LocalProcessesIT#killRestartPauseResumeAndCloseLeaveNoProcessBehind")
              .refusedIn(CLUSTER, "target.processes", "[{name: svc, command: [svc]}]"),
          effect(
              "target.processes[].name",
              "engine/LocalProcessDriverIT#podKillKillsThePlannedProcessAndItComesBackAfterRestartAfter"),
          effect(
              "target.processes[].command",
              "engine/LocalProcessesIT#killRestartPauseResumeAndCloseLeaveNoProcessBehind"),
          effect(
              "target.processes[].env",
              "engine/LocalProcessFieldsIT#envAndWorkingDirReachTheProcess"),
          effect(
              "target.processes[].workingDir",
              "engine/LocalProcessFieldsIT#envAndWorkingDirReachTheProcess"),
          effect(
              "target.processes[].port",
              "engine/LocalProcessesIT#aRunRefusesToStartWhileAnotherProgramHoldsADeclaredPort"),
          effect(
              "target.processes[].ports",
              "engine/LocalProcessesIT#aRunRefusesToStartWhileAnotherProgramHoldsADeclaredPort"),
          effect(
              "target.processes[].health",
              "engine/LocalProcessesIT#aProcessThatNeverGetsHealthyIsAClearError"),
          effect(
              "target.processes[].startTimeout",
              "engine/LocalProcessesIT#aProcessThatNeverGetsHealthyIsAClearError"),
          effect(
              "target.processes[].restartHealth",
              "engine/EtcdClusterIT#killingEveryMemberRestartsThemInParallelAndAPauseDuringTheRestartLandsOnTime"),
          effect(
              "toxiproxy",
              "engine/ToxiproxyDriverIT#ensureProxiesIsRepeatableReenablesAPartitionedProxyAndRemovesLeftoverToxics"),
          effect(
              "toxiproxy.url",
              "engine/EngineRunIT#cancelHealsAFaultOnTheDrillsOwnToxiproxyAndKeepsTheHistory"),
          effect(
              "toxiproxy.proxies",
              "engine/ToxiproxyDriverIT#ensureProxiesIsRepeatableReenablesAPartitionedProxyAndRemovesLeftoverToxics"),
          effect(
              "toxiproxy.proxies[].name",
              "engine/ToxiproxyDriverIT#asTheEnginesFaultDriverItPreparesOneEntryPerTargetProxy"),
          effect(
              "toxiproxy.proxies[].listen",
              "engine/ToxiproxyDriverIT#ensureProxiesIsRepeatableReenablesAPartitionedProxyAndRemovesLeftoverToxics"),
          effect(
              "toxiproxy.proxies[].upstream",
              "engine/ToxiproxyDriverIT#ensureProxiesIsRepeatableReenablesAPartitionedProxyAndRemovesLeftoverToxics"),
          effect(
                  "toxiproxy.proxies[].service",
                  "cluster/ServiceInterceptionIT#aServiceIsRoutedThroughTheProxyAndRestoredByteForByte")
              .refusedIn(LOCAL, "toxiproxy.proxies[0]", "{name: p, service: payments}"),
          effect(
              "toxiproxy.proxies[].port",
              "cluster/InterceptionRulesTest#servicesThatExistWithSelectorsAndTheNamedPortsCanBeIntercepted"),
          effect(
              "workload",
              "engine/EngineRunIT#aRunGoesThroughEveryPhaseAndKeepsItsLedgerAndReports"),
          effect(
              "workload.type",
              "engine/InvariantsTest#theDefaultsAreOneSet",
              "engine/WorkloadRulesTest#anUnknownOperationSaysWhatTheTypeTakes"),
          effect(
              "workload.baseUrl",
              "engine/RequestRendererTest#pathIsRelativeToTheWorkloadsBaseUrlByDefault"),
          effect(
              "workload.rate",
              "engine/OpenLoopTest#arrivalsThatFindEveryClientBusyAreDroppedNotQueued"),
          effect(
              "workload.concurrency",
              "engine/OpenLoopTest#arrivalsThatFindEveryClientBusyAreDroppedNotQueued"),
          effect(
              "workload.duration",
              "engine/PlannerTest#repeatingFaultsOccurWhileTheyEndWithinTheWorkload"),
          effect(
              "workload.timeout",
              "engine/HttpOperationClientIT#aTimeoutAfterTheRequestWasSentIsInfo"),
          effect(
              "workload.keys", "engine/GeneratorsTest#keysSetHowManyDistinctKeysTheOperationsUse"),
          effect(
              "workload.initial",
              "engine/InvariantsTest#theDefaultsAreOneSet",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "workload.operations",
              "engine/WorkloadRulesTest#anUnknownOperationSaysWhatTheTypeTakes",
              "engine/GeneratorsTest#aMappedProjectionIsReadDuringTheRunAndAtTheEnd"),
          effect(
              "workload.operations.*.method",
              "engine/HttpOperationClientIT#okReadExtractsTheValueAndSendsEscapedPlaceholdersAndATraceparent"),
          effect(
              "workload.operations.*.baseUrl",
              "engine/RequestRendererTest#anOperationsOwnBaseUrlWins"),
          effect(
              "workload.operations.*.path",
              "engine/RequestRendererTest#pathIsRelativeToTheWorkloadsBaseUrlByDefault"),
          effect(
              "workload.operations.*.query",
              "engine/HttpOperationClientIT#okReadExtractsTheValueAndSendsEscapedPlaceholdersAndATraceparent"),
          effect(
              "workload.operations.*.headers",
              "engine/HttpOperationClientIT#okReadExtractsTheValueAndSendsEscapedPlaceholdersAndATraceparent"),
          effect(
              "workload.operations.*.json",
              "engine/HttpOperationClientIT#okReadExtractsTheValueAndSendsEscapedPlaceholdersAndATraceparent"),
          effect(
              "workload.operations.*.form", "engine/HttpOperationClientIT#formBodiesAreUrlEncoded"),
          effect(
              "workload.operations.*.extract",
              "engine/HttpOperationClientIT#okReadExtractsTheValueAndSendsEscapedPlaceholdersAndATraceparent"),
          effect(
              "workload.operations.*.status",
              "engine/HttpOperationClientIT#statusesAreClassifiedByTheTemplateThenByDefault"),
          effect("faults", "engine/NemesisTest#stepsRunInPlanOrderAndNoneIsEarly"),
          effect(
              "faults[].name",
              "engine/ToxiproxyDriverTest#toxicNamesCarryTheOccurrenceSoOverlappingFaultsNeverShareOne"),
          effect(
              "faults[].at",
              "engine/PlannerTest#repeatingFaultsOccurWhileTheyEndWithinTheWorkload"),
          effect(
              "faults[].duration",
              "engine/PlannerTest#repeatingFaultsOccurWhileTheyEndWithinTheWorkload"),
          effect(
              "faults[].every",
              "engine/PlannerTest#repeatingFaultsOccurWhileTheyEndWithinTheWorkload"),
          effect(
              "faults[].podKill",
              "engine/LocalProcessDriverIT#podKillKillsThePlannedProcessAndItComesBackAfterRestartAfter",
              "cluster/PodKillDriverIT#eachModeKillsItsCountChosenBySeedAmongTheRunningPods"),
          effect(
              "faults[].podKill.mode",
              "engine/PlannerTest#podKillCountsByMode",
              "cluster/PodKillDriverIT#eachModeKillsItsCountChosenBySeedAmongTheRunningPods"),
          effect(
              "faults[].podKill.value",
              "engine/PlannerTest#podKillCountsByMode",
              "cluster/PodKillDriverIT#eachModeKillsItsCountChosenBySeedAmongTheRunningPods"),
          effect(
                  "faults[].podKill.namespace",
                  "cluster/PodKillDriverIT#matchExpressionsAndTheKillsOwnNamespaceChooseThePayments")
              .refusedIn(LOCAL, "faults[0].podKill.namespace", "shop"),
          effect(
                  "faults[].podKill.selector",
                  "engine/TimelineRulesTest#theKillsSelectorIsMergedOverTheTargetsInItsNamespaceAndAloneElsewhere",
                  "cluster/PodKillDriverIT#matchExpressionsAndTheKillsOwnNamespaceChooseThePayments")
              .refusedIn(LOCAL, "faults[0].podKill.selector", "{app: payments}"),
          effect(
                  "faults[].podKill.matchExpressions",
                  "cluster/PodKillDriverIT#matchExpressionsAndTheKillsOwnNamespaceChooseThePayments")
              .refusedIn(
                  LOCAL, "faults[0].podKill.matchExpressions", "[{key: app, operator: Exists}]"),
          effect(
              "faults[].podKill.matchExpressions[].key",
              "cluster/PodKillDriverIT#matchExpressionsAndTheKillsOwnNamespaceChooseThePayments"),
          effect(
              "faults[].podKill.matchExpressions[].operator",
              "cluster/PodKillDriverIT#matchExpressionsAndTheKillsOwnNamespaceChooseThePayments"),
          effect(
              "faults[].podKill.matchExpressions[].values",
              "cluster/PodKillDriverIT#matchExpressionsAndTheKillsOwnNamespaceChooseThePayments"),
          effect(
                  "faults[].podKill.phases",
                  "cluster/PodKillDriverIT#onlyRunningPodsAreChosenUnlessThePhasesSayOtherwise")
              .refusedIn(LOCAL, "faults[0].podKill.phases", "[Running, Pending]"),
          effect(
                  "faults[].podKill.gracePeriod",
                  "cluster/PodKillDriverIT#theDeleteCarriesTheGracePeriodAndTheUidPrecondition")
              .refusedIn(LOCAL, "faults[0].podKill.gracePeriod", "5s"),
          effect(
                  "faults[].podKill.processes",
                  "engine/LocalProcessDriverIT#podKillKillsThePlannedProcessAndItComesBackAfterRestartAfter")
              .refusedIn(CLUSTER, "faults[0].podKill.processes", "[svc]"),
          effect(
                  "faults[].podKill.restartAfter",
                  "engine/LocalProcessDriverIT#podKillKillsThePlannedProcessAndItComesBackAfterRestartAfter")
              .refusedIn(CLUSTER, "faults[0].podKill.restartAfter", "2s"),
          effect(
                  "faults[].pause",
                  "engine/LocalProcessDriverIT#pauseStopsTheProcessUntilHealedAndHealIsIdempotent")
              .refusedIn(CLUSTER, "faults[0]", PAUSE),
          effect(
                  "faults[].pause.processes",
                  "engine/LocalProcessDriverIT#pauseStopsTheProcessUntilHealedAndHealIsIdempotent")
              .refusedIn(CLUSTER, "faults[0]", PAUSE),
          effect(
              "faults[].partition",
              "engine/ToxiproxyDriverIT#aPartitionIsAnExclusiveResourceHealedByReenabling"),
          effect(
              "faults[].partition.proxies",
              "engine/ToxiproxyDriverIT#aPartitionIsAnExclusiveResourceHealedByReenabling"),
          effect(
                  "faults[].partition.between",
                  "engine/EtcdClusterIT#aPartitionBetweenGroupsIsolatesAMemberWhichLosesItsLeaderAndServesNoQuorumRead",
                  "engine/PartitionRulesTest#aPartitionBetweenGroupsPlansEveryLinkIntoTheirMembersAndNoOther")
              .refusedIn(
                  CLUSTER,
                  "faults[0]",
                  "{name: cut, at: 5s, duration: 2s, partition: {between: [[a], [b]]}}"),
          effect(
              "faults[].latency",
              "engine/ToxiproxyDriverIT#latencyOnBothStreamsNamesItsToxicsInTheLedgerAndHealsIdempotently"),
          effect(
              "faults[].latency.proxies",
              "engine/ToxiproxyDriverIT#asTheEnginesFaultDriverItPreparesOneEntryPerTargetProxy"),
          effect(
              "faults[].latency.latency",
              "engine/ToxiproxyDriverIT#latencyOnBothStreamsNamesItsToxicsInTheLedgerAndHealsIdempotently"),
          effect(
              "faults[].latency.jitter",
              "engine/ToxiproxyDriverIT#latencyOnBothStreamsNamesItsToxicsInTheLedgerAndHealsIdempotently"),
          effect(
              "faults[].latency.stream",
              "engine/ToxiproxyDriverIT#latencyOnBothStreamsNamesItsToxicsInTheLedgerAndHealsIdempotently"),
          effect(
              "faults[].latency.toxicity",
              "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic",
              "proxy/ToxicTypesTest#toxicityIsAProbability"),
          effect("faults[].bandwidth", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].bandwidth.proxies", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].bandwidth.rate",
              "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic",
              "proxy/ToxicEffectsIT#bandwidthLimitsTheRate"),
          effect("faults[].bandwidth.stream", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].bandwidth.toxicity", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].slowClose", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].slowClose.proxies", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].slowClose.delay",
              "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic",
              "proxy/ToxicEffectsIT#slowCloseDelaysTheClose"),
          effect("faults[].slowClose.stream", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].slowClose.toxicity", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].resetPeer", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].resetPeer.proxies", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].resetPeer.timeout",
              "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic",
              "proxy/ToxicEffectsIT#resetPeerResetsTheConnection"),
          effect("faults[].resetPeer.stream", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].resetPeer.toxicity", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].timeout", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].timeout.proxies", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].timeout.timeout", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].timeout.stream", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].timeout.toxicity", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].dataLimit", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].dataLimit.proxies", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].dataLimit.bytes", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect("faults[].dataLimit.stream", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
              "faults[].dataLimit.toxicity", "engine/ToxiproxyDriverIT#everyFaultBecomesItsToxic"),
          effect(
                  "faults[].clockSkew",
                  "engine/ClockSkewIT#aRunRecordsTheSkewInItsHistoryAndLedgerAndHealsIt")
              .refusedIn(CLUSTER, "faults[0]", SKEW),
          effect(
                  "faults[].clockSkew.processes",
                  "engine/ClockSkewSetupTest#onlyTheProcessesASkewNamesGetLibfaketimeBeforeTheirOwnPreload")
              .refusedIn(CLUSTER, "faults[0]", SKEW),
          effect(
              "faults[].clockSkew.offset",
              "engine/ClockSkewIT#aJvmSeesItsWallClockShiftedDuringTheFaultAndTheTrueOneAfterTheHeal"),
          effect(
              "faults[].clockSkew.drift",
              "engine/ClockSkewIT#aDriftingClockGainsSteadilyUntilTheHealSetsItBack"),
          effect("probes", "engine/HttpProberIT#statusAndLatencyDecideHealth"),
          effect(
              "probes[].name",
              "engine/GuardrailAbortIT#aFailingProbeAbortsTheRunHealsAndRecordsTheReason"),
          effect(
              "probes[].interval",
              "engine/GuardrailAbortIT#aFailingProbeAbortsTheRunHealsAndRecordsTheReason"),
          effect("probes[].http", "engine/HttpProberIT#statusAndLatencyDecideHealth"),
          effect("probes[].http.url", "engine/HttpProberIT#statusAndLatencyDecideHealth"),
          effect("probes[].http.method", "engine/HttpProberIT#theProbesMethodIsTheOneSent"),
          effect("probes[].http.expectStatus", "engine/HttpProberIT#statusAndLatencyDecideHealth"),
          effect("probes[].http.maxLatency", "engine/HttpProberIT#statusAndLatencyDecideHealth"),
          effect(
              "probes[].http.timeout",
              "engine/HostileProbesIT#anHttpProbeOfABodyThatNeverEndsTimesOut"),
          effect(
              "probes[].prometheus", "engine/PrometheusProberIT#aVectorOfOneWithinBoundsIsHealthy"),
          effect(
              "probes[].prometheus.url",
              "engine/PrometheusProberIT#aVectorOfOneWithinBoundsIsHealthy"),
          effect(
              "probes[].prometheus.query",
              "engine/PrometheusProberIT#anEmptyResultOrABadQueryIsUnhealthy"),
          effect(
              "probes[].prometheus.min",
              "engine/PrometheusProberIT#aValueOutsideTheBoundsIsUnhealthy"),
          effect(
              "probes[].prometheus.max",
              "engine/PrometheusProberIT#aValueOutsideTheBoundsIsUnhealthy"),
          effect("steadyState", "engine/SteadyStateCheckTest#everyOperationRefusedIsNothingTested"),
          effect(
              "steadyState.minAnswered",
              "engine/SteadyStateCheckTest#mostlyTimeoutsIsNotASteadyState"),
          effect(
              "steadyState.minOperations",
              "engine/SteadyStateCheckTest#tooFewOperationsIsNotYetASteadyState"),
          effect(
              "steadyState.within",
              "engine/EngineRunIT#steadyStateWithinIsHowLongTheFirstFaultWaitsForEvidence"),
          effect(
              "steadyState.probes",
              "engine/SteadyStateCheckTest#probesMustHaveAnsweredAndBeHealthy"),
          effect(
              "guardrails",
              "engine/GuardrailAbortIT#aFailingProbeAbortsTheRunHealsAndRecordsTheReason"),
          effect(
              "guardrails[].probe",
              "engine/GuardrailAbortIT#aFailingProbeAbortsTheRunHealsAndRecordsTheReason"),
          effect(
              "guardrails[].failingFor",
              "engine/GuardrailAbortIT#aFailingProbeAbortsTheRunHealsAndRecordsTheReason"),
          effect(
              "guardrails[].maxPodsDown",
              "engine/LocalProcessDriverIT#maxPodsDownVetoesAKillThatWouldTakeTooManyProcessesDown",
              "cluster/PodKillDriverIT#aKillBeyondMaxPodsDownIsVetoedAndNothingIsKilled",
              "cluster/PodKillDriverIT#moreTargetPodsDownThanMaxPodsDownTripsTheGuardrail"),
          effect(
              "invariants",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect("invariants[].type", "engine/InvariantsTest#theDefaultsAreOneSet"),
          effect(
              "invariants[].within",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "invariants[].probes",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "invariants[].maxErrorRate",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "invariants[].maxLatency",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "invariants[].model",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "invariants[].initial",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "invariants[].total",
              "engine/InvariantFieldsTest#everyParameterOfEveryInvariantIsHonouredOrRefused"),
          effect(
              "recovery", "engine/PlannerTest#repeatingFaultsOccurWhileTheyEndWithinTheWorkload"),
          effect("seed", "engine/PlannerTest#theSameSeedGivesTheSamePlanAndSeedsVaryTheChoice"),
          effect(
                  "schedule",
                  "operator/DrillScheduleTest#theScheduleFiresOnTheMovableClockAndStartsOneLabelledRun")
              .refusedIn(LOCAL, "schedule", "{cron: \"0 0 2 ? * MON\"}"),
          effect(
              "schedule.cron",
              "operator/DrillScheduleTest#theScheduleFiresOnTheMovableClockAndStartsOneLabelledRun"),
          effect(
              "schedule.timeZone",
              "operator/DrillScheduleTest#nextRunTimeFollowsTheCronInItsTimeZone"),
          effect(
              "schedule.concurrencyPolicy",
              "operator/DrillScheduleTest#forbidSkipsAFireTimeWhileTheRunGoesOnAndTheVerdictReachesTheDrill",
              "operator/DrillScheduleTest#allowStartsARunAlongsideTheOneGoingOn",
              "operator/DrillScheduleTest#replaceDeletesTheRunGoingOnThenStartsTheNewOne"),
          effect(
              "schedule.suspend",
              "operator/DrillScheduleTest#aSuspendedScheduleStartsNothingAndHasNoNextRunNorTrigger"),
          effect(
              "schedule.successfulRunsHistoryLimit",
              "operator/HistoryLimitsTest#theOldestSucceededAndFailedRunsBeyondTheLimitsGoWhateverStartedThem"),
          effect(
              "schedule.failedRunsHistoryLimit",
              "operator/HistoryLimitsTest#theOldestSucceededAndFailedRunsBeyondTheLimitsGoWhateverStartedThem"),
          effect(
              "schedule.startingDeadline",
              "operator/DrillScheduleTest#afterAnOutageAMissedRunWithinTheDeadlineRunsOnceAndOlderOnesAreCountedAsMissed"),
          effect(
              "report",
              "engine/LogCorrelationIT#aLostWriteShowsTheLogLinesOfBothServicesAndItsTraceIdIsALink"),
          effect(
              "report.traceUrl", "engine/TraceLinksTest#tempoAndZipkinShapesAreFilledInAndEscaped"),
          effect(
              "report.logContext",
              "engine/LogLinesTest#linesOfEveryServiceThatMentionATraceIdAreFoundWithTimeAndContext"),
          effect(
              "workload.endpoints",
              "engine/EndpointsTest#roundRobinGivesEveryMemberAnEqualShareWhateverTheClients",
              "engine/EtcdEndpointsIT#roundRobinSpreadsOperationsEvenlyOverEveryMember"),
          effect(
              "workload.endpointPolicy",
              "engine/EndpointsTest#randomDrawsFromTheClientsSeededSourceSoASeedRepeatsItsChoices",
              "engine/EndpointsTest#perClientBindsClientCToMemberCModNAsJepsenBindsAWorkerToANode",
              "engine/EtcdEndpointsIT#perClientReadsHitEveryMemberAndAKilledMemberFailsOnlyItsOwnClients"),
          effect(
              "workload.operations.*.endpoints",
              "engine/EndpointsTest#anOperationsOwnEndpointsOrBaseUrlOverrideTheWorkloads"),
          effect(
              "workload.mix",
              "engine/RegisterMixTest#aMixSetsTheSharesAndAZeroWeightIssuesNone",
              "engine/EndpointRulesTest#mixAndValuesApplyOnlyToRegistersAndCasNeedsItsOperation"),
          effect(
              "workload.mix.read",
              "engine/RegisterMixTest#aMixSetsTheSharesAndAZeroWeightIssuesNone"),
          effect(
              "workload.mix.write",
              "engine/RegisterMixTest#aMixSetsTheSharesAndAZeroWeightIssuesNone"),
          effect(
              "workload.mix.cas",
              "engine/RegisterMixTest#aMixSetsTheSharesAndAZeroWeightIssuesNone",
              "engine/EndpointRulesTest#mixAndValuesApplyOnlyToRegistersAndCasNeedsItsOperation"),
          effect(
              "workload.values", "engine/RegisterMixTest#valuesWidensTheRangeWrittenAndExpected"),
          effect(
              "report.otlp",
              "engine/ClientSpanExportIT#everyOperationIsOneClientSpanWithTheIdsItsRequestSentAndTheHistorysTimes",
              "engine/ClientSpanExportIT#aRefusedExportIsAWarningAndLeavesTheVerdict"),
          effect(
              "report.otlp.endpoint",
              "engine/OtlpExportTest#theDrillsEndpointWinsAndItsHeadersAddToTheEnvironments"),
          effect(
              "report.otlp.headers",
              "engine/ClientSpanExportIT#everyOperationIsOneClientSpanWithTheIdsItsRequestSentAndTheHistorysTimes",
              "engine/OtlpExportTest#theDrillsEndpointWinsAndItsHeadersAddToTheEnvironments"),
          effect(
              "setup",
              "engine/RunStepsIT#aSetupStepMakesTheFreshDataDirectoryAProcessUses",
              "engine/RunStepsIT#aFailedSetupStepEndsTheRunErrorWithNothingInjected",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "setup[].name",
              "engine/StepRulesTest#namesAreUniqueInTheirListOnly",
              "engine/RunStepsIT#aFailedSetupStepEndsTheRunErrorWithNothingInjected"),
          effect("setup[].timeout", "engine/RunStepsIT#aSetupStepThatHangsIsKilledAtItsTimeout"),
          effect(
              "setup[].http",
              "engine/RunStepsIT#aFailedSetupStepEndsTheRunErrorWithNothingInjected",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "setup[].http.method",
              "engine/RunStepsIT#teardownRunsAfterAFail",
              "engine/StepRulesTest#shapesAreChecked"),
          effect(
              "setup[].http.url",
              "engine/RunStepsIT#aFailedSetupStepEndsTheRunErrorWithNothingInjected"),
          effect(
              "setup[].http.headers",
              "engine/RunStepsIT#teardownRunsAfterAFail",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "setup[].http.body",
              "engine/RunStepsIT#teardownRunsAfterAFail",
              "engine/RunStepsIT#aFailedTeardownStepIsReportedAndTheVerdictStays"),
          effect(
              "setup[].http.expectStatus",
              "engine/RunStepsIT#aFailedTeardownStepIsReportedAndTheVerdictStays",
              "cluster/ClusterRunnerStepsIT#aFailedSetupStepIsNamedInTheStatus"),
          effect(
              "setup[].command",
              "engine/RunStepsIT#aSetupStepMakesTheFreshDataDirectoryAProcessUses",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "setup[].command.argv",
              "engine/RunStepsIT#aSetupStepMakesTheFreshDataDirectoryAProcessUses"),
          effect(
              "setup[].command.env",
              "engine/RunStepsIT#aSetupStepMakesTheFreshDataDirectoryAProcessUses"),
          effect(
              "setup[].command.workingDir",
              "engine/CommandStepFieldsIT#theCommandRunsInItsWorkingDirRelativeToTheDrillWithPlaceholdersExpanded",
              "engine/CommandStepFieldsIT#withoutAWorkingDirTheCommandRunsInTheDrillsFolder"),
          effect(
              "setup[].command.expectExit",
              "engine/CommandStepFieldsIT#anExitCodeOtherThanExpectExitFailsTheStepAndTheExpectedOnePasses"),
          effect(
              "teardown",
              "engine/RunStepsIT#teardownRunsAfterAFail",
              "engine/RunStepsIT#teardownRunsAfterACancel",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "teardown[].name",
              "engine/StepRulesTest#namesAreUniqueInTheirListOnly",
              "engine/RunStepsIT#aFailedSetupStepEndsTheRunErrorWithNothingInjected"),
          effect("teardown[].timeout", "engine/RunStepsIT#aSetupStepThatHangsIsKilledAtItsTimeout"),
          effect(
              "teardown[].http",
              "engine/RunStepsIT#aFailedTeardownStepIsReportedAndTheVerdictStays",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "teardown[].http.method",
              "engine/RunStepsIT#teardownRunsAfterAFail",
              "engine/StepRulesTest#shapesAreChecked"),
          effect(
              "teardown[].http.url",
              "engine/RunStepsIT#aFailedTeardownStepIsReportedAndTheVerdictStays"),
          effect(
              "teardown[].http.headers",
              "engine/RunStepsIT#teardownRunsAfterAFail",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "teardown[].http.body",
              "engine/RunStepsIT#teardownRunsAfterAFail",
              "engine/RunStepsIT#aFailedTeardownStepIsReportedAndTheVerdictStays"),
          effect(
              "teardown[].http.expectStatus",
              "engine/RunStepsIT#aFailedTeardownStepIsReportedAndTheVerdictStays",
              "cluster/ClusterRunnerStepsIT#aFailedSetupStepIsNamedInTheStatus"),
          effect(
              "teardown[].command",
              "engine/RunStepsIT#aSetupStepMakesTheFreshDataDirectoryAProcessUses",
              "cluster/ClusterRunnerStepsIT#setupAndTeardownStepsRunInTheRunner"),
          effect(
              "teardown[].command.argv",
              "engine/RunStepsIT#aSetupStepMakesTheFreshDataDirectoryAProcessUses"),
          effect(
              "teardown[].command.env",
              "engine/RunStepsIT#aSetupStepMakesTheFreshDataDirectoryAProcessUses"),
          effect(
              "teardown[].command.workingDir",
              "engine/CommandStepFieldsIT#theCommandRunsInItsWorkingDirRelativeToTheDrillWithPlaceholdersExpanded",
              "engine/CommandStepFieldsIT#withoutAWorkingDirTheCommandRunsInTheDrillsFolder"),
          effect(
              "teardown[].command.expectExit",
              "engine/CommandStepFieldsIT#anExitCodeOtherThanExpectExitFailsTheStepAndTheExpectedOnePasses"),
          effect(
                  "faults[].pause.mode",
                  "engine/EndpointRulesTest#aPauseModeNeedsItsValueAndChoosesBySeedAnewEachOccurrence")
              .refusedIn(CLUSTER, "faults[0]", PAUSE),
          effect(
                  "faults[].pause.value",
                  "engine/EndpointRulesTest#aPauseModeNeedsItsValueAndChoosesBySeedAnewEachOccurrence")
              .refusedIn(CLUSTER, "faults[0]", PAUSE),
          effect(
              "workload.warmup",
              "engine/WarmUpRunIT#theWarmUpsReadsReachTheServiceButNotTheHistory",
              "engine/WarmUpIT#aWarmUpSendsReadsOnlyAndRecordsNothing"));
}
