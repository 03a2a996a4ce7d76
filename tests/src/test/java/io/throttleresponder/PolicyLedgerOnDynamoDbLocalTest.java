package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.aws.ledger.DynamoDbLedger;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.sandbox.Sandbox;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** The ledger's tuned scaling policies on DynamoDB Local: kept whole beside the incident, once per dimension. */
class PolicyLedgerOnDynamoDbLocalTest {

    private static final ResourceId INDEX = new ResourceId("inventory", "by-category");
    private static final Instant AT = Instant.parse("2026-11-20T14:01:00Z");
    private static final ScalingPolicy BEFORE = new ScalingPolicy("reads", ScalingPolicy.TARGET_TRACKING,
            new ScalingPolicy.TargetTracking(70.5, "DynamoDBReadCapacityUtilization", null, null, 300, 900, true));
    private static final ScalingPolicy SET = BEFORE.with(BEFORE.targetTracking().with(50, 60));
    private static final PolicyChange CHANGE = new PolicyChange(INDEX, Operation.READ, BEFORE, SET, AT);

    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    private final DynamoDbClient dynamoDb = local.dynamoDbClient();
    private final DynamoDbLedger ledger;

    PolicyLedgerOnDynamoDbLocalTest() {
        Sandbox.createLedgerTable(dynamoDb, "ledger");
        ledger = new DynamoDbLedger(dynamoDb, "ledger");
    }

    @AfterEach
    void stop() {
        local.shutdown();
    }

    @Test
    void aTunedPolicy_isPartOfTheIncident_withThePolicyBeforeAndAsSetExactly() {
        assertThat(ledger.reservePolicyChange(CHANGE)).isTrue();

        IncidentRecord record = ledger.incident(INDEX).orElseThrow();
        assertThat(record.policyChanges()).containsExactly(CHANGE);
        assertThat(record.hasSomethingToUndo()).isTrue();
        assertThat(ledger.incidents("inventory")).extracting(IncidentRecord::resource).containsExactly(INDEX);
        assertThat(ledger.tablesWithState()).containsExactly("inventory");
    }

    @Test
    void aSecondTuningInTheIncident_isRefused_soTheOriginalStays() {
        ledger.reservePolicyChange(CHANGE);

        assertThat(ledger.reservePolicyChange(new PolicyChange(INDEX, Operation.READ, SET, SET, AT.plusSeconds(900)))).isFalse();
        assertThat(ledger.incident(INDEX).orElseThrow().policyChanges()).extracting(PolicyChange::before).containsExactly(BEFORE);
        assertThat(ledger.reservePolicyChange(new PolicyChange(INDEX, Operation.WRITE, BEFORE, SET, AT))).isTrue();
    }

    @Test
    void aCancelledReservation_isGone_butAnotherResponsesStays() {
        ledger.reservePolicyChange(CHANGE);
        ledger.cancelPolicyChange(new PolicyChange(INDEX, Operation.READ, BEFORE, SET, AT.plusSeconds(1)));
        assertThat(ledger.incident(INDEX)).isPresent();

        ledger.cancelPolicyChange(CHANGE);

        assertThat(ledger.incident(INDEX)).isEmpty();
    }

    @Test
    void theIncidentStays_whileATunedPolicyIsLeft_andCloses_onceItIsForgotten() {
        ledger.noteAlarm(INDEX, "alarm", "ReadProvisionedThroughputThrottleEvents", AT, 260.0);
        ledger.reservePolicyChange(CHANGE);

        ledger.forget(INDEX, List.of(), false);
        assertThat(ledger.incident(INDEX).orElseThrow().alarms()).containsExactly("alarm");

        ledger.forgetPolicyChange(CHANGE);
        ledger.forget(INDEX, List.of(), false);
        assertThat(ledger.incident(INDEX)).isEmpty();
    }
}
