package dev.firedrill.operator.web;

import dev.firedrill.cluster.report.ReportStore;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Serves the runs page on the operator's HTTP port (the one of {@code /q/health} and {@code
 * /q/metrics}, reached with {@code kubectl port-forward}): {@code GET /runs} lists every DrillRun
 * the operator can read, and {@code GET /runs/<namespace>/<run>/<file>} serves a file of the run's
 * stored report ({@link ReportStore}: report.html, results.json, junit.xml, drill.yaml,
 * history.jsonl). Read-only: it only gets and lists, through the operator's client and its existing
 * RBAC (list drillruns, get configmaps). Plain Vert.x routes on Quarkus's router, no extra
 * extension.
 *
 * <p>Every answer carries a Content-Security-Policy that allows no script, no frame and no request
 * but inline styles and {@code data:} images: the pages need nothing else, and should escaping ever
 * miss, a browser still runs nothing.
 */
@ApplicationScoped
public class RunsRoutes {

  /** The runs page's path. */
  public static final String PATH = "/runs";

  static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  /** A Kubernetes object name or namespace (DNS-1123 subdomain). */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private static final Map<String, String> TYPES =
      Map.of(
          "report.html", "text/html; charset=utf-8",
          "results.json", "application/json",
          "junit.xml", "application/xml",
          "drill.yaml", "text/plain; charset=utf-8",
          "history.jsonl", "text/plain; charset=utf-8");

  private static final Logger LOG = Logger.getLogger(RunsRoutes.class);

  private final KubernetesClient client;
  private final ReportStore reports;
  private final Clock clock;

  RunsRoutes(KubernetesClient client) {
    this.client = client;
    this.reports = new ReportStore(client);
    this.clock = Clock.systemUTC();
  }

  void routes(@Observes Router router) {
    // Blocking handlers: both read through the Kubernetes client.
    router.get(PATH).blockingHandler(this::runs, false);
    router.get(PATH + "/").handler(ctx -> redirect(ctx, PATH));
    router.get("/").handler(ctx -> redirect(ctx, PATH));
    router.get(PATH + "/:namespace/:run/:file").blockingHandler(this::file, false);
  }

  private void runs(RoutingContext ctx) {
    String page;
    try {
      page =
          RunsPage.render(
              client.resources(DrillRun.class).inAnyNamespace().list().getItems(), clock.instant());
    } catch (KubernetesClientException e) {
      LOG.warnf("runs page: cannot list DrillRuns: %s", e.getMessage());
      send(
          ctx,
          503,
          "text/html; charset=utf-8",
          RunsPage.notFound("cannot list DrillRuns: " + e.getMessage()));
      return;
    }
    send(ctx, 200, "text/html; charset=utf-8", page);
  }

  private void file(RoutingContext ctx) {
    String ns = ctx.pathParam("namespace");
    String run = ctx.pathParam("run");
    String file = ctx.pathParam("file");
    if (!NAME.matcher(ns).matches() || !NAME.matcher(run).matches() || !TYPES.containsKey(file)) {
      send(
          ctx,
          404,
          "text/html; charset=utf-8",
          RunsPage.notFound("no such page: " + ctx.normalizedPath()));
      return;
    }
    byte[] bytes;
    try {
      bytes = reports.read(ns, run).get(file);
    } catch (IOException | KubernetesClientException e) {
      LOG.warnf("runs page: cannot read the report of %s/%s: %s", ns, run, e.getMessage());
      send(
          ctx,
          503,
          "text/html; charset=utf-8",
          RunsPage.notFound("cannot read the report of " + ns + "/" + run + ": " + e.getMessage()));
      return;
    }
    if (bytes == null) {
      send(
          ctx,
          404,
          "text/html; charset=utf-8",
          RunsPage.notFound("run " + ns + "/" + run + " has no stored " + file));
      return;
    }
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", TYPES.get(file))
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "no-store")
        .end(Buffer.buffer(bytes));
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(302).putHeader("Location", to).end();
  }

  private static void send(RoutingContext ctx, int status, String type, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", type)
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }
}
