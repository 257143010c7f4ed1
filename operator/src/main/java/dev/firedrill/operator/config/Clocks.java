package dev.firedrill.operator.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;

/** Time comes from an injected source, so tests move it by hand. */
@ApplicationScoped
public class Clocks {

  @Produces
  @ApplicationScoped
  InstantSource system() {
    return InstantSource.system();
  }
}
