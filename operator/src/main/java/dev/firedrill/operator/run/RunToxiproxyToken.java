package dev.firedrill.operator.run;

import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.config.OperatorConfig;
import dev.firedrill.operator.config.OperatorConfig.ToxiproxyImplementation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The token of a run's own Toxiproxy API, when that is Firedrill's embedded proxy (a real Toxiproxy
 * has no authentication: its API is open to whatever reaches its Service). A random {@value
 * #BYTES}-byte secret per run, kept in a Secret of the run's own: one in the target namespace,
 * beside the proxy's Deployment, whose container gets it as {@value #PROXY_ENV}, and a copy in the
 * runner Job's namespace, whose container gets it as {@link
 * dev.firedrill.cluster.runner.ClusterRunner#TOKEN_ENV}, both through {@code secretKeyRef} (never a
 * literal in a pod spec). The operator reads it from the Secret wherever it calls that API
 * (interception, heal). Neither the status, an Event, a log nor the ledger ever holds it.
 *
 * <p>Each Secret has the name, labels, annotations and owner rule of the run's Toxiproxy objects in
 * its namespace ({@link RunToxiproxy#name}, {@link RunToxiproxy#owner}) and is deleted with them
 * ({@link RunInterception#tearDown}).
 */
final class RunToxiproxyToken {

  /** The Secret's key holding the token. */
  static final String KEY = "token";

  /** The embedded proxy's variable for its token ({@code firedrill proxy --token}). */
  static final String PROXY_ENV = "FIREDRILL_PROXY_TOKEN";

  /** Random bytes per token: 256 bits, written as 64 hex digits. */
  static final int BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private RunToxiproxyToken() {}

  /** True when the run's Toxiproxy asks for a token: only the embedded proxy can. */
  static boolean needed(OperatorConfig config) {
    return RunToxiproxy.implementation(config) == ToxiproxyImplementation.EMBEDDED;
  }

  /** A new token: {@value #BYTES} bytes of {@link SecureRandom}, in hex. */
  static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The run's token Secret in {@code namespace}, holding {@code token}. */
  static Secret secret(DrillRun run, String namespace, String token) {
    SecretBuilder s =
        new SecretBuilder()
            .withNewMetadata()
            .withName(RunToxiproxy.name(run, namespace))
            .withNamespace(namespace)
            .withLabels(RunToxiproxy.labels(run))
            .withAnnotations(RunToxiproxy.annotations(run))
            .endMetadata()
            .withType("Opaque")
            .withImmutable(true)
            .addToData(
                KEY, Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    OwnerReference owner = RunToxiproxy.owner(run, namespace);
    if (owner != null) {
      s.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    return s.build();
  }

  /** The token a Secret holds, or null when it holds none. */
  static String token(Secret secret) {
    if (secret == null || secret.getData() == null || secret.getData().get(KEY) == null) {
      return null;
    }
    String token =
        new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8);
    return token.isEmpty() ? null : token;
  }

  /** The variable {@code name} from the run's token Secret {@code secretName}. */
  static EnvVar env(String name, String secretName) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(KEY)
        .withOptional(false)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
