package dev.firedrill.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator's settings, under {@code firedrill.operator.*}. */
@ConfigMapping(prefix = "firedrill.operator")
public interface OperatorConfig {

  /** The namespace the operator runs in; never a drill target. */
  @WithDefault("firedrill-system")
  String namespace();
}
