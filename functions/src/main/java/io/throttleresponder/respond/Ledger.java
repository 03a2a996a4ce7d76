package io.throttleresponder.respond;

import java.time.Duration;
import java.time.Instant;

/** The durable record of what the responder decided and did; also its idempotency and cooldown lock. */
public interface Ledger {

    /** Claims an alarm state change; false when another delivery of it already did. */
    boolean claim(String stateChangeKey, Instant now);

    /** Gives a claim back, so a retried delivery can act after a failure that changed nothing. */
    void release(String stateChangeKey);

    History history(String table);

    /**
     * Reserves a capacity change unless one happened within the cooldown, atomically across
     * concurrent invocations; remembers the first pre-incident value for recovery.
     */
    boolean reserveCapacityChange(ResourceId resource, Operation dimension, long before, long after,
                                  Duration cooldown, Instant now);

    void record(Response response, Instant now);
}
