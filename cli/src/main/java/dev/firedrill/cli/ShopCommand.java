package dev.firedrill.cli;

import dev.firedrill.demo.ShopMain;
import dev.firedrill.demo.ShopOptions;
import dev.firedrill.demo.ShopServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill shop}: one service of the demo shop (docs/demo.md) in the foreground, until
 * Ctrl-C or SIGTERM. It is what lets a cluster run the shop from the runner image (e2e/kind/shop/):
 * the same code as {@code java -cp firedrill-demo.jar dev.firedrill.demo.ShopMain}, whose parser
 * ({@link ShopOptions#parse}) judges every value here, so both entry points accept exactly the same
 * input. Bad input: one line naming the option and the fix, exit 2; an address that cannot be
 * bound: exit 2 as well (the drill could not run), where {@code ShopMain} exits 1.
 */
@Command(
    name = "shop",
    mixinStandardHelpOptions = true,
    description =
        "Run one service of the demo shop in the foreground (in a pod: --host 0.0.0.0). Bugs: --bug"
            + " or FIREDRILL_DEMO_BUGS=a,b.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill shop payments --port 28081",
      "  firedrill shop orders --host 0.0.0.0 --port 8080 --payments-url http://payments:8080",
      "  FIREDRILL_DEMO_BUGS=oversell firedrill shop inventory --host 0.0.0.0 --port 8080",
      "",
      "Prints READY <service> http://<host>:<port> once it answers; GET /health answers 200."
    })
final class ShopCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SERVICE",
      description = "orders, payments, inventory, notifications, history or warehouse.")
  String service;

  @Option(
      names = "--host",
      defaultValue = ShopOptions.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 in a pod).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  String port;

  @Option(names = "--payments-url", paramLabel = "URL", description = "orders: where payments is.")
  String paymentsUrl;

  @Option(
      names = "--inventory-url",
      paramLabel = "URL",
      description = "orders: where inventory is.")
  String inventoryUrl;

  @Option(
      names = "--notifications-url",
      paramLabel = "URL",
      description = "orders: where notifications is.")
  String notificationsUrl;

  @Option(names = "--history-url", paramLabel = "URL", description = "orders: where history is.")
  String historyUrl;

  @Option(
      names = "--warehouse-url",
      paramLabel = "URL",
      description = "orders: where warehouse is.")
  String warehouseUrl;

  @Option(
      names = "--bug",
      paramLabel = "NAME",
      description = "Switch a seeded bug on (repeatable, or a,b); adds to $FIREDRILL_DEMO_BUGS.")
  List<String> bugs = new ArrayList<>();

  @Option(
      names = "--stock",
      paramLabel = "ITEM=N",
      description = "inventory: initial stock of an item (repeatable).")
  List<String> stock = new ArrayList<>();

  /** Where the bug list of the environment comes from: the process's, unless a test sets it. */
  UnaryOperator<String> environment = System::getenv;

  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ShopOptions options;
    try {
      options = ShopOptions.parse(arguments(), environment.apply(ShopOptions.BUGS_ENV));
    } catch (IllegalArgumentException e) {
      err.println("firedrill shop: " + e.getMessage() + " (see: firedrill shop --help)");
      return Firedrill.CANNOT_RUN;
    }
    ShopServer server;
    try {
      server = ShopMain.start(options);
    } catch (IOException e) {
      err.println(
          "firedrill shop: "
              + ShopMain.cannotListen(options, e)
              + " (fix: another --port, or --host with an address of this machine)");
      return Firedrill.CANNOT_RUN;
    }
    Thread hook = new Thread(this::stop, "firedrill-shop-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (server) {
      out.println(ShopMain.readyLine(options, server));
      out.flush();
      stop.await();
      return Firedrill.PASS;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // SIGTERM or Ctrl-C: the hook is running and has released stop
      }
    }
  }

  /** Ends {@link #call()}: the service closes its listener. */
  void stop() {
    stop.countDown();
  }

  /** The shop's own command line, so that {@link ShopOptions#parse} judges every value. */
  private List<String> arguments() {
    List<String> args = new ArrayList<>(List.of(service, "--host", host, "--port", port));
    addIfSet(args, "--payments-url", paymentsUrl);
    addIfSet(args, "--inventory-url", inventoryUrl);
    addIfSet(args, "--notifications-url", notificationsUrl);
    addIfSet(args, "--history-url", historyUrl);
    addIfSet(args, "--warehouse-url", warehouseUrl);
    bugs.forEach(b -> args.addAll(List.of("--bug", b)));
    stock.forEach(s -> args.addAll(List.of("--stock", s)));
    return args;
  }

  private static void addIfSet(List<String> args, String flag, String value) {
    if (value != null) {
      args.addAll(List.of(flag, value));
    }
  }
}
