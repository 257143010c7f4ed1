package dev.firedrill.engine.probe;

/** Takes one sample of one probe. Never throws: a probe that cannot be reached is unhealthy. */
public interface Prober {

  ProbeSample sample();
}
