/**
 * What a run in Kubernetes needs, shared by the operator and the CLI: {@code .status} (the one
 * DrillRun status writer and the fault ledger kept in a DrillRun's status), {@code .fault} (pod
 * kills through the API, Service interception through Toxiproxy, and their healers), {@code
 * .report} (the report ConfigMap) and {@code .runner} (what {@code firedrill run --in-cluster}
 * does). See docs/dev/operator-flow.md.
 */
package dev.firedrill.cluster;
