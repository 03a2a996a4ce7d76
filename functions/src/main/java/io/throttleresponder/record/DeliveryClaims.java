package io.throttleresponder.record;

import java.time.Duration;
import java.time.Instant;

/** Claims each alarm state change and each follow-up delivery once, and keeps an alarm's state changes in order. */
public interface DeliveryClaims {

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
}
