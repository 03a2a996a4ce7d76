package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.LedgerItems.RETENTION;
import static io.throttleresponder.aws.ledger.LedgerItems.TABLE;
import static io.throttleresponder.aws.ledger.LedgerItems.key;
import static io.throttleresponder.aws.ledger.LedgerItems.n;
import static io.throttleresponder.aws.ledger.LedgerItems.s;

import io.throttleresponder.record.TableLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The table's lock, {@code TABLE#<table>} / {@code LOCK}: held by its owner until given back or its lease runs out. */
final class DynamoDbTableLocks implements TableLocks {

    private static final String LOCK = "LOCK";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    DynamoDbTableLocks(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
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

    /** The lock's conditional put, on its own or in a claim's transaction. */
    PutItemRequest.Builder lockPut(String table, String owner, Duration lease, Instant now) {
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
}
