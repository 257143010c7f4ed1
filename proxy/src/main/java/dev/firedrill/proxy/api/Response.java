package dev.firedrill.proxy.api;

/** What a route answers: a status and a JSON body, or no body (204). */
record Response(int status, Object json) {
  static Response ok(Object json) {
    return new Response(200, json);
  }

  static Response created(Object json) {
    return new Response(201, json);
  }

  static Response noContent() {
    return new Response(204, null);
  }
}
