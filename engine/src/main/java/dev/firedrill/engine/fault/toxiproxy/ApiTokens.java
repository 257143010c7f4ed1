package dev.firedrill.engine.fault.toxiproxy;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tokens of the Toxiproxy APIs this process talks to, for the official Java client: it opens
 * its own {@code HttpURLConnection}s and takes no header, so a tokened API (Firedrill's embedded
 * proxy started with {@code --token}) is answered through the JDK's default {@link Authenticator}.
 * The proxy's 401 carries a Basic challenge; this authenticator answers it with the token as the
 * password, for the exact host and port a driver registered and for nothing else (any other request
 * goes to the authenticator that was the default before, if any). Installed the first time a token
 * is registered, so a process that never uses one keeps the JDK's default untouched.
 *
 * <p>Registrations are counted: two drivers of one server share its entry, and the last to close
 * removes it. The token never leaves this map but towards its own server.
 */
final class ApiTokens {

  private static final String USER = "firedrill";
  private static final Map<String, Registration> TOKENS = new HashMap<>();
  private static boolean installed;

  private ApiTokens() {}

  private record Registration(String token, int count) {}

  /** Answers the challenges of {@code host:port} with {@code token} until {@link #release}. */
  static synchronized void register(String host, int port, String token) {
    String key = key(host, port);
    Registration old = TOKENS.get(key);
    TOKENS.put(key, new Registration(token, old == null ? 1 : old.count() + 1));
    if (!installed) {
      Authenticator.setDefault(new TokenAuthenticator(Authenticator.getDefault()));
      installed = true;
    }
  }

  /** One registration of {@code host:port} fewer; the last one removes its token. */
  static synchronized void release(String host, int port) {
    String key = key(host, port);
    Registration old = TOKENS.get(key);
    if (old == null) {
      return;
    }
    if (old.count() <= 1) {
      TOKENS.remove(key);
    } else {
      TOKENS.put(key, new Registration(old.token(), old.count() - 1));
    }
  }

  private static synchronized String tokenOf(String host, int port) {
    Registration r = TOKENS.get(key(host, port));
    return r == null ? null : r.token();
  }

  private static String key(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static final class TokenAuthenticator extends Authenticator {
    private final Authenticator previous;

    TokenAuthenticator(Authenticator previous) {
      this.previous = previous;
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
      String token =
          getRequestorType() == RequestorType.SERVER && getRequestingHost() != null
              ? tokenOf(getRequestingHost(), getRequestingPort())
              : null;
      if (token != null) {
        return new PasswordAuthentication(USER, token.toCharArray());
      }
      if (previous == null) {
        return null;
      }
      return previous.requestPasswordAuthenticationInstance(
          getRequestingHost(),
          getRequestingSite(),
          getRequestingPort(),
          getRequestingProtocol(),
          getRequestingPrompt(),
          getRequestingScheme(),
          getRequestingURL(),
          getRequestorType());
    }
  }
}
