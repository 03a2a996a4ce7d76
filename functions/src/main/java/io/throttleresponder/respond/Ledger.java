package io.throttleresponder.respond;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable record of what the responder decided and did; also its idempotency and cooldown lock. */
public interface Ledger {

    /** Claims an alarm state change; false when another delivery of it already did. */
    boolean claim(String stateChangeKey, Instant now);

    /** Gives a claim back, so a retried delivery can act after a failure that changed nothing. */
    void release(String stateChangeKey);

    History history(String table);

    /**
     * Reserves a capacity change unless one happened within the cooldown, atomically across
     * concurrent invocations; remembers the first pre-incident value (and maximum) for recovery.
     */
    boolean reserveCapacityChange(ResourceId resource, Operation dimension, ActionType type, long before, long after,
                                  Long beforeMaximum, Duration cooldown, Instant now);

    void record(Response response, Instant now);

    /** An alarm on the resource fired: starts the incident if none is open. */
    void noteAlarm(ResourceId resource, String alarmName, String signal, Instant at);

    /** The responder switched Contributor Insights on, so recovery may switch it off again. */
    void noteContributorInsightsEnabled(ResourceId resource, Instant at);

    void noteOk(ResourceId resource, Instant at);

    /** The open incident on the resource, with the responder's changes; empty when there is none. */
    Optional<IncidentRecord> incident(ResourceId resource);

    /**
     * Forgets what recovery undid (or found changed by someone else): the given capacity changes and,
     * when {@code contributorInsights}, the Contributor Insights mark; closes the incident when
     * nothing is left.
     */
    void forget(ResourceId resource, List<CapacityChange> changes, boolean contributorInsights);
}
