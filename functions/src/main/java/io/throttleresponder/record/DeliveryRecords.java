package io.throttleresponder.record;

import io.throttleresponder.act.CapacityChanges;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.contract.Timeouts;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.notify.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the ledger keeps of one delivery: its claim, given back or completed, the alarm noted on its incident,
 * and the response in the audit log.
 */
public final class DeliveryRecords {

    /** Longer than the function's timeout: a claim still in progress after it belongs to a crashed invocation. */
    public static final Duration CLAIM_LEASE = Timeouts.ALARM_CLAIM_LEASE;

    private final DeliveryClaims claims;
    private final AuditLog audit;
    private final IncidentLedger incidents;

    public DeliveryRecords(DeliveryClaims claims, AuditLog audit, IncidentLedger incidents) {
        this.claims = claims;
        this.audit = audit;
        this.incidents = incidents;
    }

    /** Another delivery of a state change already handled: recorded, acts on nothing. */
    public Response duplicate(AlarmNotification alarm, Incident incident, Instant now) {
        Response duplicate = Response.ignored(alarm, incident, "duplicate delivery: this state change of " + alarm.alarmName()
                + " (" + alarm.stateChangeTime() + ") was already handled");
        audit.record(duplicate, now);
        return duplicate;
    }

    /**
     * A state change older than one of the same alarm already handled: acting on it would undo the
     * later one's effect (an ALARM after its own OK raises what nothing undoes). Recorded, acts on nothing.
     */
    public static Response outOfOrder(AlarmNotification alarm, Incident incident) {
        return Response.ignored(alarm, incident, "out of order: a later state change of " + alarm.alarmName()
                + " than this one (" + alarm.stateChangeTime() + ") was handled already; this one acts on nothing");
    }

    /** Nothing was changed yet when this is needed: giving the claim back lets Lambda's retry act. */
    public void release(AlarmNotification alarm) {
        claims.release(alarm.stateChangeKey());
    }

    /** Keeps the response in the audit log and completes the state change's claim. */
    public Response recorded(AlarmNotification alarm, Response response, Instant now) {
        // After the changes the claim stays even if this write fails: a retry within the lease must not act twice.
        audit.record(response, now);
        claims.complete(alarm.stateChangeKey());
        return response;
    }

    /**
     * Claims the state change, and with it the table's lock when the response may change capacity; a claim
     * without the lock says the lock is busy.
     */
    public Ledger.Claim claim(AlarmNotification alarm, String table, String owner, boolean withLock, Instant now) {
        return withLock
                ? claims.claimAndLock(alarm.stateChangeKey(), CLAIM_LEASE, table, owner, CapacityChanges.LOCK_LEASE, now)
                : claims.claim(alarm.stateChangeKey(), CLAIM_LEASE, now) ? Ledger.Claim.CLAIMED_LOCK_BUSY
                : Ledger.Claim.DUPLICATE;
    }

    /**
     * Notes the alarm on the incident of {@code resource} (the alarmed one, or the GSI it was refined to, so that
     * the alarm's OK finds what to undo there). Keyed by CloudWatch's time of the change, so a late duplicate
     * cannot move the incident forward.
     */
    public void noteAlarm(AlarmNotification alarm, Incident incident, ResourceId resource) {
        incidents.noteAlarm(resource, alarm.source(), incident.signal(), alarm.stateChangeTime(),
                Severity.throttlesPerMinute(alarm, incident));
    }

    /** Noted beside the table's read; with no table there is no incident to keep. */
    public void forgetIncident(Incident incident) {
        incidents.forget(incident.resource(), List.of(), false);
    }

    /**
     * Answers a state change once: a duplicate or an out-of-order delivery is recorded and acts on nothing;
     * an answer that fails gives the claim back, so that Lambda's retry acts.
     */
    public Response once(AlarmNotification alarm, Incident incident, Instant now, Supplier<Response> answer) {
        if (!claims.claim(alarm.stateChangeKey(), CLAIM_LEASE, now)) {
            return duplicate(alarm, incident, now);
        }
        if (!claims.advanceAlarm(alarm.source(), alarm.stateChangeTime(), now)) {
            return recorded(alarm, outOfOrder(alarm, incident), now);
        }
        Response response;
        try {
            response = answer.get();
        } catch (RuntimeException e) {
            release(alarm);
            throw e;
        }
        return recorded(alarm, response, now);
    }

    /** The table's lock a claim came with; null when the response changes no capacity and needs no lock. */
    public static CapacityChanges.Lock lockOf(Ledger.Claim claim, boolean mayChangeCapacity) {
        return claim == Ledger.Claim.CLAIMED_AND_LOCKED ? CapacityChanges.Lock.HELD
                : mayChangeCapacity ? CapacityChanges.Lock.BUSY : null;
    }

    /**
     * Answers a state change already claimed: one older than a change already handled is recorded and acts on
     * nothing; an answer that fails gives the claim back, so that Lambda's retry acts.
     */
    public Response answerClaimed(AlarmNotification alarm, Incident incident, Instant now, BooleanSupplier inOrder,
                                  Supplier<Response> answer) {
        Response response;
        try {
            if (!inOrder.getAsBoolean()) {
                return recorded(alarm, outOfOrder(alarm, incident), now);
            }
            response = answer.get();
        } catch (RuntimeException e) {
            release(alarm);
            throw e;
        }
        return recorded(alarm, response, now);
    }
}
