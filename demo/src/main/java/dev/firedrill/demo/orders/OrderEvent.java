package dev.firedrill.demo.orders;

/**
 * One entry of the orders log, pushed to the history projection. Offsets start at 1 and have no
 * gaps; the projection applies them in offset order.
 */
public record OrderEvent(long offset, String orderId, OrderView order) {}
