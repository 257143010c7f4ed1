package dev.firedrill.demo.orders;

/**
 * An order as both orders ({@code GET /orders}) and the history projection ({@code GET
 * /history/orders}) show it: equal views mean the projection has converged.
 *
 * @param amount the charged amount in cents
 * @param status {@code PAID} (the only state an order is recorded in)
 */
public record OrderView(String item, int quantity, long amount, String status, String paymentId) {}
