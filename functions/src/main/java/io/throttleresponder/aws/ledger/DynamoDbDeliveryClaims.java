package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.LedgerItems.RETENTION;
import static io.throttleresponder.aws.ledger.LedgerItems.n;
import static io.throttleresponder.aws.ledger.LedgerItems.s;

import io.throttleresponder.record.DeliveryClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A state change's claim, {@code CHANGE#<alarm|state|time>} / {@code CLAIM}, and an alarm's latest handled
 * state change, {@code ALARM#<alarm>} / {@code LATEST}. A claim with the table's lock is one transaction.
 */
final class DynamoDbDeliveryClaims implements DeliveryClaims {

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final DynamoDbTableLocks locks;

    DynamoDbDeliveryClaims(DynamoDbClient dynamoDb, String tableName, DynamoDbTableLocks locks) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.locks = locks;
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
        PutItemRequest lock = locks.lockPut(table, owner, lockLease, now).build();
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
}
