package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.LedgerItems.RETENTION;
import static io.throttleresponder.aws.ledger.LedgerItems.TABLE;
import static io.throttleresponder.aws.ledger.LedgerItems.n;
import static io.throttleresponder.aws.ledger.LedgerItems.s;

import io.throttleresponder.aws.ScalingPolicies;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.record.ScalingPolicyLedger;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The ledger's items for tuned scaling policies, in the incident's partition beside its capacity changes:
 * {@code TABLE#<table>} / {@code POLICY#<resource>#<dimension>}, with the policy {@code before} the
 * incident and the one the responder {@code set}, each as describe-scaling-policies prints it.
 */
final class DynamoDbPolicyLedger implements ScalingPolicyLedger {

    static final String POLICY = "POLICY#";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    DynamoDbPolicyLedger(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public boolean reservePolicyChange(PolicyChange change) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(Map.of(
                            "pk", s(TABLE + change.resource().table()),
                            "sk", s(sortKey(change.resource(), change.dimension())),
                            "before", s(ScalingPolicies.toJson(change.before())),
                            "set", s(ScalingPolicies.toJson(change.set())),
                            "changedAt", n(change.changedAt().toEpochMilli()),
                            "expiresAt", n(change.changedAt().plus(RETENTION).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException tunedAlready) {
            return false;
        }
    }

    @Override
    public void cancelPolicyChange(PolicyChange change) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(key(change))
                    .conditionExpression("changedAt = :at")
                    .expressionAttributeValues(Map.of(":at", n(change.changedAt().toEpochMilli()))));
        } catch (ConditionalCheckFailedException notThisReservation) {
            // Another response's record stands.
        }
    }

    @Override
    public void forgetPolicyChange(PolicyChange change) {
        dynamoDb.deleteItem(r -> r.tableName(tableName).key(key(change)));
    }

    /** The item's change when it is one of the resource's, else null. */
    static PolicyChange parse(ResourceId resource, Map<String, AttributeValue> item) {
        String sk = item.get("sk").s();
        if (!sk.startsWith(POLICY + resource + "#")) {
            return null;
        }
        return new PolicyChange(resource, Operation.valueOf(sk.substring(sk.lastIndexOf('#') + 1)),
                ScalingPolicies.fromJson(item.get("before").s()), ScalingPolicies.fromJson(item.get("set").s()),
                Instant.ofEpochMilli(Long.parseLong(item.get("changedAt").n())));
    }

    private static String sortKey(ResourceId resource, Operation dimension) {
        return POLICY + History.key(resource, dimension);
    }

    private static Map<String, AttributeValue> key(PolicyChange change) {
        return Map.of("pk", s(TABLE + change.resource().table()), "sk", s(sortKey(change.resource(), change.dimension())));
    }
}
