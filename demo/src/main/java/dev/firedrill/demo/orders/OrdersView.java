package dev.firedrill.demo.orders;

import java.util.Map;

/**
 * All orders by id and the offset of the last event they reflect. The source ({@code GET /orders})
 * and the projection ({@code GET /history/orders}) answer with this same shape, keys sorted.
 */
public record OrdersView(long lastOffset, Map<String, OrderView> orders) {}
