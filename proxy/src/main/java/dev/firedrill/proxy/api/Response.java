package dev.firedrill.proxy.api;

/**
 * What a route answers: a status and a JSON body, or no body (204). {@code httpError}: sent as Go's
 * {@code http.Error} sends Toxiproxy's errors (plain-text content type, {@code nosniff}, a final
 * newline), where a JSON answer is {@code application/json} with no newline.
 */
record Response(int status, Object json, boolean httpError) {
  static Response ok(Object json) {
    return new Response(200, json, false);
  }

  static Response created(Object json) {
    return new Response(201, json, false);
  }

  static Response noContent() {
    return new Response(204, null, false);
  }

  static Response error(ApiException e) {
    return new Response(e.status(), Json.error(e), true);
  }
}
