package dev.firedrill.proxy.api;

import dev.firedrill.proxy.link.ProxyException;
import java.util.List;
import java.util.Map;

/**
 * An API error: rendered as Toxiproxy's {@code {"error": "...", "status": N}}, plus {@code
 * "errors"} (one entry per proxy) when {@code /reset} or {@code /populate} failed for several.
 */
final class ApiException extends Exception {
  private final int status;
  private final List<Map<String, Object>> each;

  ApiException(int status, String message) {
    this(status, message, null);
  }

  ApiException(int status, String message, List<Map<String, Object>> each) {
    super(message, null, false, false);
    this.status = status;
    this.each = each;
  }

  int status() {
    return status;
  }

  /** The per-proxy failures, or null for an error of the request as a whole. */
  List<Map<String, Object>> each() {
    return each;
  }

  static ApiException badBody(String detail) {
    return new ApiException(400, "bad request body: " + detail);
  }

  static ApiException missingField(String field) {
    return new ApiException(400, "missing required field: " + field);
  }

  /** Toxiproxy's status for each refusal; listen failures are its untyped errors, hence 500. */
  static ApiException of(ProxyException e) {
    int status =
        switch (e.kind()) {
          case BAD_INPUT -> 400;
          case NOT_FOUND -> 404;
          case CONFLICT -> 409;
          case LISTEN_FAILED -> 500;
        };
    return new ApiException(status, e.getMessage());
  }
}
