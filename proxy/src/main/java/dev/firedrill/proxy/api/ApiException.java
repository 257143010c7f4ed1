package dev.firedrill.proxy.api;

import dev.firedrill.proxy.link.ProxyException;

/** An API error: rendered as Toxiproxy's {@code {"error": "...", "status": N}}. */
final class ApiException extends Exception {
  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
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
