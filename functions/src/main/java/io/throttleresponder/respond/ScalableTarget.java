package io.throttleresponder.respond;

/** An Application Auto Scaling target on one dimension of a table or index. */
public record ScalableTarget(long minCapacity, long maxCapacity) {}
