package io.throttleresponder.aws;

import io.throttleresponder.operate.LedgerReader;
import io.throttleresponder.operate.RecordedResponse;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.OthersChange;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.record.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

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
 * the history of responses lives apart, so that Query never reads it.
 */
public final class DynamoDbLedger implements Ledger, LedgerReader {

    private static final String TABLE = "TABLE#";
    private static final String EVENTS = "EVENTS#";
    private static final Map<String, AttributeValue> PAUSE_KEY = Map.of("pk", s("CONTROL"), "sk", s("PAUSE"));
    private static final String CAPACITY = "CAPACITY#";
    private static final String INCIDENT = "INCIDENT#";
    private static final String INSIGHTS = "INSIGHTS#";
    private static final String LOCK = "LOCK";

    /** Long enough to review an incident after the fact, short enough not to grow without bound. */
    static final Duration RETENTION = Duration.ofDays(30);
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final DynamoDbPolicyLedger policies;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String tableName) {
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
    public boolean claim(String stateChangeKey, Duration lease, Instant now) {
        try {
            dynamoDb.putItem(claimPut(stateChangeKey, lease, now).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Claim claimAndLock(String stateChangeKey, Duration claimLease, String table, String owner, Duration lockLease,
                              Instant now) {
        PutItemRequest claim = claimPut(stateChangeKey, claimLease, now).build();
        PutItemRequest lock = lockPut(table, owner, lockLease, now).build();
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName(tableName).item(claim.item()).conditionExpression(claim.conditionExpression())
                            .expressionAttributeNames(claim.expressionAttributeNames())
                            .expressionAttributeValues(claim.expressionAttributeValues())),
                    t -> t.put(p -> p.tableName(tableName).item(lock.item()).conditionExpression(lock.conditionExpression())
                            .expressionAttributeValues(lock.expressionAttributeValues()))));
            return Claim.CLAIMED_AND_LOCKED;
        } catch (TransactionCanceledException e) {
            // The reasons come in the order of the items: the claim first, then the lock. Only a failed
            // condition says who holds what; throttling or a conflict says nothing, and fails the
            // invocation for Lambda's retry (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
            if (CONDITION_FAILED.equals(reason(e, 0))) {
                return Claim.DUPLICATE;
            }
            if (!CONDITION_FAILED.equals(reason(e, 1))) {
                throw e;
            }
            return claim(stateChangeKey, claimLease, now) ? Claim.CLAIMED_LOCK_BUSY : Claim.DUPLICATE;
        }
    }

    private static String reason(TransactionCanceledException e, int item) {
        return e.hasCancellationReasons() && e.cancellationReasons().size() > item ? e.cancellationReasons().get(item).code() : null;
    }

    private PutItemRequest.Builder claimPut(String stateChangeKey, Duration lease, Instant now) {
        return PutItemRequest.builder().tableName(tableName)
                .item(Map.of(
                        "pk", s("CHANGE#" + stateChangeKey),
                        "sk", s("CLAIM"),
                        "claimedAt", s(now.toString()),
                        "status", s("IN_PROGRESS"),
                        "claimedUntil", n(now.plus(lease).toEpochMilli()),
                        "expiresAt", n(now.plus(RETENTION).getEpochSecond())))
                .conditionExpression("attribute_not_exists(pk) OR (#status = :inProgress AND claimedUntil < :now)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":inProgress", s("IN_PROGRESS"), ":now", n(now.toEpochMilli())));
    }

    private PutItemRequest.Builder lockPut(String table, String owner, Duration lease, Instant now) {
        return PutItemRequest.builder().tableName(tableName)
                .item(Map.of(
                        "pk", s(TABLE + table),
                        "sk", s(LOCK),
                        "owner", s(owner),
                        "lockedUntil", n(now.plus(lease).toEpochMilli()),
                        "expiresAt", n(now.plus(RETENTION).getEpochSecond())))
                .conditionExpression("attribute_not_exists(pk) OR lockedUntil < :now")
                .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli())));
    }

    @Override
    public boolean advanceAlarm(String alarmName, Instant stateChangeTime, Instant now) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of("pk", s("ALARM#" + alarmName), "sk", s("LATEST")))
                    .updateExpression("SET latest = :at, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(latest) OR latest <= :at")
                    .expressionAttributeValues(Map.of(
                            ":at", n(stateChangeTime.toEpochMilli()),
                            ":expires", n(now.plus(RETENTION).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException laterOneHandled) {
            return false;
        }
    }

    @Override
    public void complete(String stateChangeKey) {
        dynamoDb.updateItem(r -> r.tableName(tableName)
                .key(Map.of("pk", s("CHANGE#" + stateChangeKey), "sk", s("CLAIM")))
                .updateExpression("SET #status = :done")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":done", s("DONE"))));
    }

    @Override
    public void release(String stateChangeKey) {
        dynamoDb.deleteItem(r -> r.tableName(tableName)
                .key(Map.of("pk", s("CHANGE#" + stateChangeKey), "sk", s("CLAIM"))));
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

    @Override
    public boolean lockTable(String table, String owner, Duration lease, Instant now) {
        try {
            dynamoDb.putItem(lockPut(table, owner, lease, now).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void unlockTable(String table, String owner) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(tableName)
                    .key(key(table, LOCK))
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (ConditionalCheckFailedException lapsedAndTakenByAnother) {
            // Our lease ran out and another response holds the lock now: it is not ours to give back.
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
        return withTunedPolicies(resource, tableItems(resource.table()));
    }

    @Override
    public List<IncidentRecord> incidents(String table) {
        List<Map<String, AttributeValue>> items = tableItems(table);
        Set<ResourceId> resources = new LinkedHashSet<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            for (String prefix : List.of(INCIDENT, INSIGHTS, CAPACITY, DynamoDbPolicyLedger.POLICY)) {
                if (sk.startsWith(prefix)) {
                    String resource = sk.substring(prefix.length());
                    resources.add(ResourceId.parse(prefix.equals(INCIDENT) || prefix.equals(INSIGHTS) ? resource
                            : resource.substring(0, resource.lastIndexOf('#'))));
                }
            }
        }
        return resources.stream().map(r -> withTunedPolicies(r, items)).flatMap(Optional::stream).toList();
    }

    /** The resource's incident with the scaling policies the responder tuned there: one of those alone keeps it open. */
    private Optional<IncidentRecord> withTunedPolicies(ResourceId resource, List<Map<String, AttributeValue>> items) {
        List<PolicyChange> tuned = items.stream().map(item -> DynamoDbPolicyLedger.parse(resource, item))
                .filter(Objects::nonNull).toList();
        Optional<IncidentRecord> record = incident(resource, items);
        return tuned.isEmpty() ? record
                : Optional.of(record.orElseGet(() -> IncidentRecord.blank(resource)).withPolicyChanges(tuned));
    }

    private Optional<IncidentRecord> incident(ResourceId resource, List<Map<String, AttributeValue>> items) {
        Map<String, AttributeValue> incident = null;
        List<CapacityChange> changes = new ArrayList<>();
        Map<String, AttributeValue> insightsItem = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.equals(INCIDENT + resource)) {
                incident = item;
            } else if (sk.equals(INSIGHTS + resource)) {
                insightsItem = item;
            } else if (sk.startsWith(CAPACITY + resource + "#")) {
                changes.add(new CapacityChange(resource,
                        Operation.valueOf(sk.substring(sk.lastIndexOf('#') + 1)),
                        ActionType.valueOf(item.get("changeType").s()),
                        number(item, "preIncidentValue"),
                        item.containsKey("preIncidentMaximum") ? number(item, "preIncidentMaximum") : null,
                        number(item, "lastValue"),
                        Instant.ofEpochMilli(number(item, "lastChangedAt")),
                        item.containsKey("othersValue")
                                ? new OthersChange(number(item, "othersValue"), instant(item, "othersSeenAt")) : null));
            }
        }
        boolean insights = insightsItem != null;
        if (incident == null && changes.isEmpty() && !insights) {
            return Optional.empty();
        }
        return Optional.of(new IncidentRecord(resource,
                instant(incident, "startedAt"),
                instant(incident, "lastAlarmAt"),
                instant(incident, "okAt"),
                incident != null && incident.containsKey("alarms") ? Set.copyOf(incident.get("alarms").ss()) : Set.of(),
                incident != null && incident.containsKey("signals") ? Set.copyOf(incident.get("signals").ss()) : Set.of(),
                changes,
                insights,
                incident != null && incident.containsKey("alarmedPeaks")
                        ? incident.get("alarmedPeaks").ns().stream().mapToDouble(Double::parseDouble).max().orElseThrow()
                        : null,
                instant(insightsItem, "enabledAt"),
                insightsItem != null && insightsItem.containsKey("mode") ? insightsItem.get("mode").s() : null));
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

    private static Map<String, AttributeValue> key(String table, String sortKey) {
        return Map.of("pk", s(TABLE + table), "sk", s(sortKey));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        return item == null || !item.containsKey(name) ? null : Instant.ofEpochMilli(number(item, name));
    }

    /** A Scan of the keys: the operator's occasional read of a small table, never the function's. */
    @Override
    public Set<String> tablesWithState() {
        Set<String> tables = new TreeSet<>();
        for (ScanResponse page : dynamoDb.scanPaginator(r -> r.tableName(tableName)
                .filterExpression("begins_with(pk, :table)")
                .projectionExpression("pk")
                .expressionAttributeValues(Map.of(":table", s(TABLE)))
                .consistentRead(true))) {
            page.items().forEach(item -> tables.add(item.get("pk").s().substring(TABLE.length())));
        }
        return tables;
    }

    @Override
    public List<RecordedResponse> history(Optional<String> table, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (table.isPresent()) {
            items.addAll(dynamoDb.query(r -> r.tableName(tableName)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(EVENTS + table.get())))
                    .scanIndexForward(false)
                    .limit(limit)).items());
        } else {
            for (ScanResponse page : dynamoDb.scanPaginator(r -> r.tableName(tableName)
                    .filterExpression("begins_with(pk, :events)")
                    .expressionAttributeValues(Map.of(":events", s(EVENTS))))) {
                items.addAll(page.items());
            }
        }
        return items.stream()
                .map(item -> new RecordedResponse(Instant.parse(item.get("sk").s().substring(0, item.get("sk").s().indexOf('#'))),
                        item.get("pk").s().substring(EVENTS.length()), item.get("outcome").s(), item.get("response").s()))
                .sorted(Comparator.comparing(RecordedResponse::at).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public Optional<Pause> pause() {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName).key(PAUSE_KEY).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Pause(item.get("by").s(), Instant.ofEpochMilli(number(item, "at")),
                item.containsKey("reason") ? item.get("reason").s() : null));
    }

    @Override
    public void pause(Pause pause) {
        Map<String, AttributeValue> item = new HashMap<>(PAUSE_KEY);
        item.put("by", s(pause.by()));
        item.put("at", n(pause.at().toEpochMilli()));
        if (pause.reason() != null && !pause.reason().isBlank()) {
            item.put("reason", s(pause.reason()));
        }
        dynamoDb.putItem(r -> r.tableName(tableName).item(item));
    }

    @Override
    public void resume() {
        dynamoDb.deleteItem(r -> r.tableName(tableName).key(PAUSE_KEY));
    }

    @Override
    public void record(Response response, Instant now) {
        // A recovery's or an undo's response has no incident: its actions name the table.
        String table = response.incident() != null ? response.incident().resource().table()
                : response.actions().isEmpty() ? "-" : response.actions().get(0).resource().table();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(EVENTS + table));
        // Two deliveries of one change can be recorded in the same millisecond: the suffix keeps both.
        item.put("sk", s(now + "#" + response.alarm() + "#" + UUID.randomUUID()));
        item.put("outcome", s(response.outcome().name()));
        item.put("response", s(ResponseJson.toJson(response).toString()));
        item.put("expiresAt", n(now.plus(RETENTION).getEpochSecond()));
        dynamoDb.putItem(r -> r.tableName(tableName).item(item));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
