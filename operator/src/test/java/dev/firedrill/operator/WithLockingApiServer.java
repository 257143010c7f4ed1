package dev.firedrill.operator;

import io.quarkus.test.common.QuarkusTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code @QuarkusTest} against {@link dev.firedrill.cluster.mock.LockingApiServer}:
 * Fabric8's mock API server in CRUD mode that, like a real API server, refuses a stale {@code
 * /status} write with 409. Use it instead of {@code @WithKubernetesTestServer(crud = true)}
 * wherever the operator and a runner (or the test playing one) write the same DrillRun. It answers
 * no expectations, so a test that needs {@code server.expect()} stays on the stock server.
 */
@QuarkusTestResource(value = LockingApiServerResource.class, restrictToAnnotatedClass = true)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithLockingApiServer {}
