package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.LedgerItems.number;
import static io.throttleresponder.aws.ledger.LedgerItems.n;
import static io.throttleresponder.aws.ledger.LedgerItems.s;

import io.throttleresponder.model.Pause;
import io.throttleresponder.record.Controls;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The operator's pause, {@code CONTROL} / {@code PAUSE} (who, when, why); absent when not paused. */
final class DynamoDbControls implements Controls {

    private static final Map<String, AttributeValue> PAUSE_KEY = Map.of("pk", s("CONTROL"), "sk", s("PAUSE"));

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    DynamoDbControls(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
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
}
