package io.throttleresponder.model;

import java.time.Instant;

/**
 * A capacity change the responder made, as the ledger keeps it for recovery: the value before the
 * incident (and the scalable target's MaxCapacity before, when the responder raised it too), and
 * the value it set last. {@code others} is a value someone else set on the dimension before the
 * responder's last raise (null when none): the raise was built on it, and a restore goes no lower.
 */
public record CapacityChange(
        ResourceId resource,
        Operation dimension,
        ActionType type,
        long preIncidentValue,
        Long preIncidentMaximum,
        long lastValue,
        Instant lastChangedAt,
        OthersChange others) {

    /** A change of the responder's alone: nobody else set the dimension in the incident. */
    public CapacityChange(ResourceId resource, Operation dimension, ActionType type, long preIncidentValue,
                          Long preIncidentMaximum, long lastValue, Instant lastChangedAt) {
        this(resource, dimension, type, preIncidentValue, preIncidentMaximum, lastValue, lastChangedAt, null);
    }
}
