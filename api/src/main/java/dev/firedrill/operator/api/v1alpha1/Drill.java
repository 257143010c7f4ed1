package dev.firedrill.operator.api.v1alpha1;

import dev.firedrill.engine.model.DrillSpec;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A failure drill: the engine's {@link DrillSpec} as a namespaced custom resource. */
@Group(Drill.GROUP)
@Version(Drill.VERSION)
@Kind("Drill")
@Singular("drill")
@Plural("drills")
@ShortNames("fdrill")
@AdditionalPrinterColumn(name = "Workload", jsonPath = ".spec.workload.type")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule.cron")
@AdditionalPrinterColumn(name = "Last Verdict", jsonPath = ".status.lastVerdict")
@AdditionalPrinterColumn(
    name = "Last Run",
    jsonPath = ".status.lastRunTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Drill extends CustomResource<DrillSpec, DrillStatus> implements Namespaced {

  /** The API group of Firedrill's resources. */
  public static final String GROUP = "firedrill.dev";

  /** The served and stored version. */
  public static final String VERSION = "v1alpha1";
}
