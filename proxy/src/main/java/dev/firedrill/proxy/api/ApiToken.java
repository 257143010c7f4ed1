package dev.firedrill.proxy.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The optional shared secret of an API reachable from other machines. A request carries it as
 * {@code Authorization: Bearer <token>}, or as the password of HTTP Basic authentication (any user
 * name), which is what Go's HTTP client sends for {@code http://user:token@host:8474}, so
 * toxiproxy-cli and Toxiproxy's Go client work unchanged, and what the JDK's {@code Authenticator}
 * answers to the challenge of a 401. Compared in constant time: both sides are hashed first, so
 * neither the content nor the length of the token leaks through timing.
 */
final class ApiToken {
  private final byte[] digest;

  ApiToken(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the API token must not be empty");
    }
    this.digest = sha256(token);
  }

  /** Whether an {@code Authorization} header (null when absent) carries the token. */
  boolean accepts(String authorization) {
    String presented = presented(authorization);
    // Hash even when nothing usable was sent, so that every refusal costs the same.
    return MessageDigest.isEqual(digest, sha256(presented == null ? "" : presented))
        && presented != null;
  }

  private static String presented(String authorization) {
    if (authorization == null) {
      return null;
    }
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
    String value = authorization.substring(space + 1).trim();
    return switch (scheme) {
      case "bearer" -> value;
      case "basic" -> basicPassword(value);
      default -> null;
    };
  }

  private static String basicPassword(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.substring(colon + 1);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
