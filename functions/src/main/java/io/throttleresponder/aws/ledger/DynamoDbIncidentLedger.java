package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.IncidentItems.CAPACITY;
import static io.throttleresponder.aws.ledger.IncidentItems.INCIDENT;
import static io.throttleresponder.aws.ledger.IncidentItems.INSIGHTS;
import static io.throttleresponder.aws.ledger.LedgerItems.RETENTION;
import static io.throttleresponder.aws.ledger.LedgerItems.TABLE;
import static io.throttleresponder.aws.ledger.LedgerItems.key;
import static io.throttleresponder.aws.ledger.LedgerItems.n;
import static io.throttleresponder.aws.ledger.LedgerItems.number;
import static io.throttleresponder.aws.ledger.LedgerItems.s;

import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.record.IncidentLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * An incident's state, in its table's partition {@code TABLE#<table>}: the responder's capacity changes
 * ({@code CAPACITY#<resource>#<dimension>}), the incident ({@code INCIDENT#<resource>}), the Contributor
 * Insights mark ({@code INSIGHTS#<resource>}) and the tuned scaling policies ({@link DynamoDbPolicyLedger}).
 */
final class DynamoDbIncidentLedger implements IncidentLedger {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final DynamoDbPolicyLedger policies;

    DynamoDbIncidentLedger(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.policies = new DynamoDbPolicyLedger(dynamoDb, tableName);
    }

    @Override
    public boolean reservePolicyChange(PolicyChange change) {
        return policies.reservePolicyChange(change);
    }

    @Override
    public void cancelPolicyChange(PolicyChange change) {
        policies.cancelPolicyChange(change);
    }

    @Override
    public void forgetPolicyChange(PolicyChange change) {
        policies.forgetPolicyChange(change);
    }

    @Override
    public History history(String table) {
        Map<String, AttributeValue> values = Map.of(
                ":pk", s("TABLE#" + table), ":prefix", s("CAPACITY#"));
        Map<String, Instant> changes = new HashMap<>();
        Map<String, Long> preIncident = new HashMap<>();
        Map<String, Long> lastValues = new HashMap<>();
        Map<String, ActionType> types = new HashMap<>();
        for (QueryResponse page : dynamoDb.queryPaginator(r -> r.tableName(tableName)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(values)
                .consistentRead(true))) {
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue changedAt = item.get("lastChangedAt");
                String key = item.get("sk").s().substring("CAPACITY#".length());
                if (changedAt != null) {
                    changes.put(key, Instant.ofEpochMilli(Long.parseLong(changedAt.n())));
                }
                if (item.containsKey("preIncidentValue")) {
                    preIncident.put(key, number(item, "preIncidentValue"));
                }
                if (item.containsKey("lastValue")) {
                    lastValues.put(key, number(item, "lastValue"));
                }
                if (item.containsKey("changeType")) {
                    types.put(key, ActionType.valueOf(item.get("changeType").s()));
                }
            }
        }
        return new History(changes, preIncident, lastValues, types);
    }

    /**
     * One conditional UpdateItem while the dimension still holds what the responder set last (the usual
     * case); a second when it holds another value or was last changed by another kind of change (a billing
     * mode switch): that value is someone else's, so it becomes the value to restore to, and is kept
     * on record with when it was seen. A billing mode switch ends the old unit's record: an on-demand
     * maximum is never restored as provisioned capacity, nor the reverse.
     */
    @Override
    public boolean reserveCapacityChange(ResourceId resource, Operation dimension, ActionType type, long before, long after,
                                         Long beforeMaximum, Duration cooldown, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":now", n(now.toEpochMilli()),
                ":after", n(after),
                ":before", n(before),
                ":type", s(type.name()),
                ":expires", n(now.plus(RETENTION).getEpochSecond()),
                ":cooldownStart", n(now.minus(cooldown).toEpochMilli())));
        // The previous change is kept alongside, so a cancelled reservation can put it back.
        values.put(":none", n(0));
        values.put(":noType", s("NONE"));
        String update = "SET lastChangedAt = :now, lastValue = :after, changeType = :type, "
                + "previousChangedAt = if_not_exists(lastChangedAt, :none), previousValue = if_not_exists(lastValue, :none), "
                + "previousType = if_not_exists(changeType, :noType), expiresAt = :expires";
        String outOfCooldown = "(attribute_not_exists(lastChangedAt) OR lastChangedAt <= :cooldownStart)";
        String ownUpdate = update + ", preIncidentValue = if_not_exists(preIncidentValue, :before)"
                + (beforeMaximum == null ? "" : ", preIncidentMaximum = if_not_exists(preIncidentMaximum, :beforeMaximum)");
        if (beforeMaximum != null) {
            values.put(":beforeMaximum", n(beforeMaximum));
        }
        if (update(resource, dimension, ownUpdate,
                outOfCooldown + " AND (attribute_not_exists(lastValue) OR (lastValue = :before AND changeType = :type))",
                values)) {
            return true;
        }
        String othersUpdate = update + ", preIncidentValue = :before, othersValue = :before, othersSeenAt = :now"
                + (beforeMaximum == null ? " REMOVE preIncidentMaximum" : ", preIncidentMaximum = :beforeMaximum");
        return update(resource, dimension, othersUpdate,
                outOfCooldown + " AND attribute_exists(lastValue) AND (lastValue <> :before OR changeType <> :type)", values);
    }

    private boolean update(ResourceId resource, Operation dimension, String expression, String condition,
                           Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(key(resource.table(), CAPACITY + History.key(resource, dimension)))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void cancelCapacityChange(ResourceId resource, Operation dimension, Instant reservedAt) {
        Map<String, AttributeValue> key = key(resource.table(), CAPACITY + History.key(resource, dimension));
        try {
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(key)
                    .conditionExpression("lastChangedAt = :reservedAt AND previousChangedAt = :none")
                    .expressionAttributeValues(Map.of(":reservedAt", n(reservedAt.toEpochMilli()), ":none", n(0))));
        } catch (ConditionalCheckFailedException firstChangeWasEarlier) {
            try {
                dynamoDb.updateItem(r -> r.tableName(tableName).key(key)
                        .updateExpression("SET lastChangedAt = previousChangedAt, lastValue = previousValue, "
                                + "changeType = previousType")
                        .conditionExpression("lastChangedAt = :reservedAt")
                        .expressionAttributeValues(Map.of(":reservedAt", n(reservedAt.toEpochMilli()))));
            } catch (ConditionalCheckFailedException reservedSinceByAnother) {
                // Another response reserved after ours: its reservation stands.
            }
        }
    }

    /**
     * One UpdateItem in the usual case, where the alarm is the incident's latest; the incident's time
     * only moves forward, so an older one (another alarm's late delivery) takes a second, without it.
     */
    @Override
    public void noteAlarm(ResourceId resource, String alarmName, String signal, Instant at, Double throttlesPerMinute) {
        Map<String, AttributeValue> key = key(resource.table(), INCIDENT + resource);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":at", n(at.toEpochMilli()),
                ":expires", n(at.plus(RETENTION).getEpochSecond()),
                ":alarm", AttributeValue.fromSs(List.of(alarmName)),
                ":signal", AttributeValue.fromSs(List.of(signal))));
        // DynamoDB has no max(): each alarm's peak joins a number set, and the reader takes the largest.
        String peaks = "";
        if (throttlesPerMinute != null) {
            values.put(":peak", AttributeValue.fromNs(List.of(Double.toString(throttlesPerMinute))));
            peaks = ", alarmedPeaks :peak";
        }
        String add = " ADD alarms :alarm, signals :signal" + peaks;
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key)
                    .updateExpression("SET startedAt = if_not_exists(startedAt, :at), lastAlarmAt = :at, expiresAt = :expires"
                            + add)
                    .conditionExpression("attribute_not_exists(lastAlarmAt) OR lastAlarmAt < :at")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException laterAlarmNoted) {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key)
                    .updateExpression("SET startedAt = if_not_exists(startedAt, :at), expiresAt = :expires" + add)
                    .expressionAttributeValues(values));
        }
    }

    /** The incident's times only move forward: another alarm's older state change does not move them back. */
    private void moveForward(Map<String, AttributeValue> key, String attribute, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key)
                    .updateExpression("SET #time = :at")
                    .conditionExpression("attribute_not_exists(#time) OR #time < :at")
                    .expressionAttributeNames(Map.of("#time", attribute))
                    .expressionAttributeValues(Map.of(":at", n(at.toEpochMilli()))));
        } catch (ConditionalCheckFailedException laterAlready) {
            // A later time is there already: it stands.
        }
    }

    @Override
    public void noteContributorInsightsEnabled(ResourceId resource, String mode, Instant at) {
        dynamoDb.putItem(r -> r.tableName(tableName).item(Map.of(
                "pk", s(TABLE + resource.table()),
                "sk", s(INSIGHTS + resource),
                "enabledAt", n(at.toEpochMilli()),
                "mode", s(mode),
                "expiresAt", n(at.plus(RETENTION).getEpochSecond()))));
    }

    @Override
    public void noteOk(ResourceId resource, Instant at) {
        moveForward(key(resource.table(), INCIDENT + resource), "okAt", at);
    }

    @Override
    public Optional<IncidentRecord> incident(ResourceId resource) {
        return IncidentItems.incident(resource, tableItems(resource.table()));
    }

    @Override
    public List<IncidentRecord> incidents(String table) {
        return IncidentItems.incidents(tableItems(table));
    }

    @Override
    public void forget(ResourceId resource, List<CapacityChange> changes, boolean contributorInsights) {
        for (CapacityChange change : changes) {
            dynamoDb.deleteItem(r -> r.tableName(tableName)
                    .key(key(resource.table(), CAPACITY + History.key(change.resource(), change.dimension()))));
        }
        if (contributorInsights) {
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(key(resource.table(), INSIGHTS + resource)));
        }
        boolean nothingLeft = incident(resource).map(i -> !i.hasSomethingToUndo()).orElse(true);
        if (nothingLeft) {
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(key(resource.table(), INCIDENT + resource)));
        }
    }

    @Override
    public void noteRestored(CapacityChange change, long value) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(key(change.resource().table(), CAPACITY + History.key(change.resource(), change.dimension())))
                    .updateExpression("SET lastValue = :value")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":value", n(value))));
        } catch (ConditionalCheckFailedException forgottenMeanwhile) {
            // Another recovery finished the change first: nothing is left to note.
        }
    }

    private List<Map<String, AttributeValue>> tableItems(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (QueryResponse page : dynamoDb.queryPaginator(r -> r.tableName(tableName)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(TABLE + table)))
                .consistentRead(true))) {
            items.addAll(page.items());
        }
        return items;
    }
}
