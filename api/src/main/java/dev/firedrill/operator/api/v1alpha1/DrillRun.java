package dev.firedrill.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One execution of a {@link Drill}, as a Job is of a CronJob. */
@Group(Drill.GROUP)
@Version(Drill.VERSION)
@Kind("DrillRun")
@Singular("drillrun")
@Plural("drillruns")
@ShortNames("fdrun")
@AdditionalPrinterColumn(name = "Drill", jsonPath = ".spec.drill")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Verdict", jsonPath = ".status.verdict")
@AdditionalPrinterColumn(
    name = "Anomalies",
    jsonPath = ".status.anomalyCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DrillRun extends CustomResource<DrillRunSpec, DrillRunStatus> implements Namespaced {}
