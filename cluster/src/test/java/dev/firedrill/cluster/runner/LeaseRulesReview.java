package dev.firedrill.cluster.runner;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;

/**
 * The answer a real API server gives the operator's leader election when it asks what it may do
 * with Leases (a {@code SelfSubjectRulesReview}, which JOSDK posts before it campaigns): get,
 * create and update, as the chart's Role grants. Fabric8's CRUD mock server does not evaluate RBAC,
 * so every test and harness that starts the operator in its prod profile against one answers it
 * with this.
 */
public final class LeaseRulesReview {

  private LeaseRulesReview() {}

  /** Answers every rules review from now on; pass {@code server.expect()}. */
  public static void answer(MockServerExpectation expect) {
    expect
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }
}
