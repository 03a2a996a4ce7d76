package io.throttleresponder.aws.ledger;

import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.operate.LedgerReader;
import io.throttleresponder.operate.RecordedResponse;
import io.throttleresponder.record.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ledger in one DynamoDB table (pk, sk, TTL on expiresAt). Items:
 * <ul>
 *   <li>{@code CHANGE#<alarm|state|time>} / {@code CLAIM}: a state change being handled (idempotency);</li>
 *   <li>{@code TABLE#<table>} / {@code CAPACITY#<resource>#<dimension>}: last capacity change and the
 *       pre-incident value (cooldown, recovery), and a value someone else set in the incident with when it
 *       was seen ({@code othersValue}, {@code othersSeenAt});</li>
 *   <li>{@code TABLE#<table>} / {@code INCIDENT#<resource>}: when the incident began, its alarms and
 *       signals, when it last fired and returned to OK;</li>
 *   <li>{@code TABLE#<table>} / {@code INSIGHTS#<resource>}: Contributor Insights switched on by the responder;</li>
 *   <li>{@code TABLE#<table>} / {@code POLICY#<resource>#<dimension>}: a scaling policy the responder tuned,
 *       before and as set ({@link DynamoDbPolicyLedger});</li>
 *   <li>{@code TABLE#<table>} / {@code LOCK}: the lock a capacity change holds while it reads and writes;</li>
 *   <li>{@code EVENTS#<table>} / {@code <time>#<alarm>#<unique>}: every response, with its actions.</li>
 *   <li>{@code CONTROL} / {@code PAUSE}: the operator's pause (who, when, why); absent when not paused.</li>
 * </ul>
 * A table's incident state shares one partition, so one consistent Query reads an incident whole;
 * the history of responses lives apart, so that Query never reads it. Each port is its own adapter over
 * the table ({@link DynamoDbDeliveryClaims}, {@link DynamoDbTableLocks}, {@link DynamoDbIncidentLedger},
 * {@link DynamoDbAuditLog}, {@link DynamoDbControls}, {@link DynamoDbLedgerReader}); this class composes them.
 */
public final class DynamoDbLedger implements Ledger, LedgerReader {

    private final DynamoDbDeliveryClaims claims;
    private final DynamoDbTableLocks locks;
    private final DynamoDbIncidentLedger incidents;
    private final DynamoDbAuditLog audit;
    private final DynamoDbControls controls;
    private final DynamoDbLedgerReader reader;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String tableName) {
        this.locks = new DynamoDbTableLocks(dynamoDb, tableName);
        this.claims = new DynamoDbDeliveryClaims(dynamoDb, tableName, locks);
        this.incidents = new DynamoDbIncidentLedger(dynamoDb, tableName);
        this.audit = new DynamoDbAuditLog(dynamoDb, tableName);
        this.controls = new DynamoDbControls(dynamoDb, tableName);
        this.reader = new DynamoDbLedgerReader(dynamoDb, tableName);
    }

    @Override
    public boolean claim(String stateChangeKey, Duration lease, Instant now) {
        return claims.claim(stateChangeKey, lease, now);
    }

    @Override
    public Claim claimAndLock(String stateChangeKey, Duration claimLease, String table, String owner, Duration lockLease,
                              Instant now) {
        return claims.claimAndLock(stateChangeKey, claimLease, table, owner, lockLease, now);
    }

    @Override
    public boolean advanceAlarm(String alarmName, Instant stateChangeTime, Instant now) {
        return claims.advanceAlarm(alarmName, stateChangeTime, now);
    }

    @Override
    public void complete(String stateChangeKey) {
        claims.complete(stateChangeKey);
    }

    @Override
    public void release(String stateChangeKey) {
        claims.release(stateChangeKey);
    }

    @Override
    public boolean lockTable(String table, String owner, Duration lease, Instant now) {
        return locks.lockTable(table, owner, lease, now);
    }

    @Override
    public void unlockTable(String table, String owner) {
        locks.unlockTable(table, owner);
    }

    @Override
    public History history(String table) {
        return incidents.history(table);
    }

    @Override
    public boolean reserveCapacityChange(ResourceId resource, Operation dimension, ActionType type, long before, long after,
                                         Long beforeMaximum, Duration cooldown, Instant now) {
        return incidents.reserveCapacityChange(resource, dimension, type, before, after, beforeMaximum, cooldown, now);
    }

    @Override
    public void cancelCapacityChange(ResourceId resource, Operation dimension, Instant reservedAt) {
        incidents.cancelCapacityChange(resource, dimension, reservedAt);
    }

    @Override
    public void noteAlarm(ResourceId resource, String alarmName, String signal, Instant at, Double throttlesPerMinute) {
        incidents.noteAlarm(resource, alarmName, signal, at, throttlesPerMinute);
    }

    @Override
    public void noteContributorInsightsEnabled(ResourceId resource, String mode, Instant at) {
        incidents.noteContributorInsightsEnabled(resource, mode, at);
    }

    @Override
    public void noteOk(ResourceId resource, Instant at) {
        incidents.noteOk(resource, at);
    }

    @Override
    public Optional<IncidentRecord> incident(ResourceId resource) {
        return incidents.incident(resource);
    }

    @Override
    public List<IncidentRecord> incidents(String table) {
        return incidents.incidents(table);
    }

    @Override
    public void forget(ResourceId resource, List<CapacityChange> changes, boolean contributorInsights) {
        incidents.forget(resource, changes, contributorInsights);
    }

    @Override
    public void noteRestored(CapacityChange change, long value) {
        incidents.noteRestored(change, value);
    }

    @Override
    public boolean reservePolicyChange(PolicyChange change) {
        return incidents.reservePolicyChange(change);
    }

    @Override
    public void cancelPolicyChange(PolicyChange change) {
        incidents.cancelPolicyChange(change);
    }

    @Override
    public void forgetPolicyChange(PolicyChange change) {
        incidents.forgetPolicyChange(change);
    }

    @Override
    public void record(Response response, Instant now) {
        audit.record(response, now);
    }

    @Override
    public Optional<Pause> pause() {
        return controls.pause();
    }

    @Override
    public void pause(Pause pause) {
        controls.pause(pause);
    }

    @Override
    public void resume() {
        controls.resume();
    }

    @Override
    public Set<String> tablesWithState() {
        return reader.tablesWithState();
    }

    @Override
    public List<RecordedResponse> history(Optional<String> table, int limit) {
        return reader.history(table, limit);
    }
}
