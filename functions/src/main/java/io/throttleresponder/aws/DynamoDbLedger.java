package io.throttleresponder.aws;

import io.throttleresponder.respond.History;
import io.throttleresponder.respond.Operation;
import io.throttleresponder.respond.ResourceId;
import io.throttleresponder.respond.Response;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.respond.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The ledger in one DynamoDB table (pk, sk, TTL on expiresAt). Items:
 * <ul>
 *   <li>{@code CHANGE#<alarm|state|time>} / {@code CLAIM}: a state change being handled (idempotency);</li>
 *   <li>{@code TABLE#<table>} / {@code CAPACITY#<resource>#<dimension>}: last capacity change and the
 *       pre-incident value (cooldown, recovery);</li>
 *   <li>{@code TABLE#<table>} / {@code EVENT#<time>#<alarm>}: every response, with its actions.</li>
 * </ul>
 */
public final class DynamoDbLedger implements Ledger {

    /** Long enough to review an incident after the fact, short enough not to grow without bound. */
    static final Duration RETENTION = Duration.ofDays(30);

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public boolean claim(String stateChangeKey, Instant now) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(Map.of(
                            "pk", s("CHANGE#" + stateChangeKey),
                            "sk", s("CLAIM"),
                            "claimedAt", s(now.toString()),
                            "expiresAt", n(now.plus(RETENTION).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
        for (QueryResponse page : dynamoDb.queryPaginator(r -> r.tableName(tableName)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(values)
                .consistentRead(true))) {
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue changedAt = item.get("lastChangedAt");
                if (changedAt != null) {
                    changes.put(item.get("sk").s().substring("CAPACITY#".length()),
                            Instant.ofEpochMilli(Long.parseLong(changedAt.n())));
                }
            }
        }
        return new History(changes);
    }

    @Override
    public boolean reserveCapacityChange(ResourceId resource, Operation dimension, long before, long after,
                                         Duration cooldown, Instant now) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of("pk", s("TABLE#" + resource.table()), "sk", s("CAPACITY#" + History.key(resource, dimension))))
                    .updateExpression("SET lastChangedAt = :now, lastValue = :after, "
                            + "preIncidentValue = if_not_exists(preIncidentValue, :before), expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(lastChangedAt) OR lastChangedAt <= :cooldownStart")
                    .expressionAttributeValues(Map.of(
                            ":now", n(now.toEpochMilli()),
                            ":after", n(after),
                            ":before", n(before),
                            ":expires", n(now.plus(RETENTION).getEpochSecond()),
                            ":cooldownStart", n(now.minus(cooldown).toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void record(Response response, Instant now) {
        String table = response.incident() == null ? "-" : response.incident().resource().table();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("TABLE#" + table));
        item.put("sk", s("EVENT#" + now + "#" + response.alarm()));
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
