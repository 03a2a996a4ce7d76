package io.throttleresponder.respond;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable record of what the responder decided and did; also its idempotency and cooldown lock. */
public interface Ledger {

    /**
     * Claims an alarm state change; false when another delivery of it already did. A claim that was
     * never completed (its invocation crashed) lapses after {@code lease}, so a retry can act.
     */
    boolean claim(String stateChangeKey, Duration lease, Instant now);

    /** What {@link #claimAndLock} got: the claim and the table's lock, the claim only, or neither (a duplicate). */
    enum Claim { CLAIMED_AND_LOCKED, CLAIMED_LOCK_BUSY, DUPLICATE }

    /**
     * Claims the state change and locks the table in one atomic write, so only the delivery that wins
     * the claim can hold the lock; when another response holds the lock, claims alone.
     */
    Claim claimAndLock(String stateChangeKey, Duration claimLease, String table, String owner, Duration lockLease,
                       Instant now);

    /**
     * Moves the alarm's latest handled state change forward to {@code stateChangeTime}; false when a
     * later one was handled already, so this one is out of order (a late delivery, Lambda's retry of an
     * ALARM after its own OK) and must act on nothing. The same time again is in order: a retry of it.
     */
    boolean advanceAlarm(String alarmName, Instant stateChangeTime, Instant now);

    /** The state change was handled and recorded: its claim no longer lapses. */
    void complete(String stateChangeKey);

    /** Gives a claim back, so a retried delivery can act after a failure that changed nothing. */
    void release(String stateChangeKey);

    History history(String table);

    /**
     * Reserves a capacity change unless one happened within the cooldown, atomically across
     * concurrent invocations; remembers the first pre-incident value (and maximum) for recovery.
     */
    boolean reserveCapacityChange(ResourceId resource, Operation dimension, ActionType type, long before, long after,
                                  Long beforeMaximum, Duration cooldown, Instant now);

    /**
     * Gives back a reservation whose change did not happen (the table was busy, or the call failed),
     * so the cooldown does not hold back its retry; the previous change, if any, is the last one again.
     */
    void cancelCapacityChange(ResourceId resource, Operation dimension, Instant reservedAt);

    /**
     * Takes the table's lock for a read-modify-write of its capacity, unless another response holds
     * it; a lock not given back (a crashed invocation) lapses after {@code lease}.
     */
    boolean lockTable(String table, String owner, Duration lease, Instant now);

    void unlockTable(String table, String owner);

    void record(Response response, Instant now);

    /** An alarm on the resource fired: starts the incident if none is open. */
    void noteAlarm(ResourceId resource, String alarmName, String signal, Instant at);

    /** The responder switched Contributor Insights on, so recovery may switch it off again. */
    void noteContributorInsightsEnabled(ResourceId resource, Instant at);

    void noteOk(ResourceId resource, Instant at);

    /** The open incident on the resource, with the responder's changes; empty when there is none. */
    Optional<IncidentRecord> incident(ResourceId resource);

    /** The open incidents of the table and its GSIs: an alarm of the table may have led to a change of a GSI. */
    List<IncidentRecord> incidents(String table);

    /**
     * Forgets what recovery undid (or found changed by someone else): the given capacity changes and,
     * when {@code contributorInsights}, the Contributor Insights mark; closes the incident when
     * nothing is left.
     */
    void forget(ResourceId resource, List<CapacityChange> changes, boolean contributorInsights);

    /**
     * Recovery stepped a change down part way, to {@code value}: the change stays the responder's to
     * finish, at its new value; the cooldown of raises is untouched.
     */
    void noteRestored(CapacityChange change, long value);
}
