package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.LedgerItems.RETENTION;
import static io.throttleresponder.aws.ledger.LedgerItems.n;
import static io.throttleresponder.aws.ledger.LedgerItems.s;

import io.throttleresponder.model.Response;
import io.throttleresponder.record.AuditLog;
import io.throttleresponder.respond.ResponseJson;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every response, with its actions: {@code EVENTS#<table>} / {@code <time>#<alarm>#<unique>}, apart from
 * the table's incident state so that the incident's Query never reads it.
 */
final class DynamoDbAuditLog implements AuditLog {

    static final String EVENTS = "EVENTS#";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    DynamoDbAuditLog(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
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
}
