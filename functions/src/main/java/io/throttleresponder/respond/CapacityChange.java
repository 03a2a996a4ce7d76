package io.throttleresponder.respond;

import java.time.Instant;

/**
 * A capacity change the responder made, as the ledger keeps it for recovery: the value before the
 * incident (and the scalable target's MaxCapacity before, when the responder raised it too), and
 * the value it set last.
 */
public record CapacityChange(
        ResourceId resource,
        Operation dimension,
        ActionType type,
        long preIncidentValue,
        Long preIncidentMaximum,
        long lastValue,
        Instant lastChangedAt) {}
