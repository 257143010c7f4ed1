package dev.firedrill.demo.payments;

import dev.firedrill.demo.Bug;
import dev.firedrill.demo.ShopOptions;
import dev.firedrill.demo.ShopServer;
import dev.firedrill.demo.ShopServer.Request;
import dev.firedrill.demo.ShopServer.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payments service: {@code POST /payments} charges an order once per {@code Idempotency-Key};
 * {@code GET /payments} lists every applied charge with its key, so a final read shows duplicates.
 * State is in memory: a restart forgets charges and keys.
 */
public final class PaymentsService {
  /** The request header that makes a charge idempotent. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The body of {@code POST /payments}. */
  public record ChargeRequest(String orderId, long amount) {}

  /** The answer to a charge: 201 when applied now, 200 when replayed from an earlier charge. */
  public record ChargeResponse(
      String paymentId, String orderId, long amount, String idempotencyKey, boolean replayed) {}

  private PaymentsService() {}

  /** Builds the server (not started). Holds the {@code duplicate-payments} bug. */
  public static ShopServer create(ShopOptions options) throws IOException {
    PaymentLedger ledger = new PaymentLedger(options.has(Bug.DUPLICATE_PAYMENTS));
    ShopServer server = new ShopServer(options, 16);
    server.route("POST", "/payments", request -> charge(ledger, request));
    server.route("GET", "/payments", request -> list(ledger));
    return server;
  }

  private static Response charge(PaymentLedger ledger, Request request) {
    ChargeRequest body = request.body(ChargeRequest.class);
    if (body.orderId() == null || body.orderId().isBlank() || body.amount() <= 0) {
      return Response.error(400, "orderId and a positive amount are required");
    }
    PaymentLedger.Outcome outcome;
    try {
      outcome = ledger.charge(body.orderId(), body.amount(), request.header(IDEMPOTENCY_KEY));
    } catch (IllegalStateException e) {
      return Response.error(409, e.getMessage());
    }
    PaymentLedger.Charge charge = outcome.charge();
    return new Response(
        outcome.replayed() ? 200 : 201,
        new ChargeResponse(
            charge.paymentId(),
            charge.orderId(),
            charge.amount(),
            charge.idempotencyKey(),
            outcome.replayed()));
  }

  private static Response list(PaymentLedger ledger) {
    List<PaymentLedger.Charge> charges = ledger.charges();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", charges.size());
    body.put("payments", charges);
    return Response.ok(body);
  }
}
