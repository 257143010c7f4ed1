package dev.firedrill.engine.probe;

import java.time.Duration;

/**
 * One measurement of a probe: healthy or not, how long it took, and what it saw (an HTTP status, or
 * a Prometheus value). {@code error} says why an unhealthy sample failed.
 */
public record ProbeSample(
    String probe, boolean healthy, Duration latency, Integer status, Double value, String error) {}
