package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsStatus;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import io.throttleresponder.sandbox.RecordingSns;
import io.throttleresponder.sandbox.Sandbox;

/** The real handler and adapters against DynamoDB Local: capacity really changes, the ledger really dedupes. */
class HandlerOnDynamoDbLocalTest {

    private SandboxFixture fixture;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.withDefaultPolicy();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void provisionedWriteThrottle_triplesWriteCapacity_andLeavesReadsAlone() {
        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(action(response, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("APPLIED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
        assertThat(fixture.capacity("table/orders").read()).isEqualTo(100);
        assertThat(fixture.capacity("table/orders/index/by-status").write()).isEqualTo(25);
    }

    @Test
    void gsiReadThrottle_scalesTheIndex_notTheTable() {
        fixture.only("sns-read-provisioned-orders-by-status.json");

        assertThat(fixture.capacity("table/orders/index/by-status").read()).isEqualTo(150);
        assertThat(fixture.capacity("table/orders").read()).isEqualTo(100);
    }

    @Test
    void autoScaledTable_raisesMinCapacity_andTheScalerMovesCapacityToIt() {
        JsonNode response = fixture.only("sns-write-provisioned-inventory.json");

        assertThat(action(response, "RAISE_AUTOSCALING_MIN").get("to").asLong()).isEqualTo(300);
        ScalableTarget write = fixture.sandbox.autoScaling().targets().stream()
                .filter(t -> t.scalableDimension() == ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS)
                .findFirst().orElseThrow();
        assertThat(write.minCapacity()).isEqualTo(300);
        assertThat(write.maxCapacity()).isEqualTo(1000);
        assertThat(fixture.capacity("table/inventory").write()).isEqualTo(300);
        assertThat(response.get("actions").findValuesAsText("type")).doesNotContain("UPDATE_PROVISIONED");
    }

    @Test
    void onDemandMaximumThrottle_raisesThatMaximum_only() {
        fixture.only("sns-read-max-on-demand-sessions.json");

        assertThat(fixture.capacity("table/sessions").maxRead()).isEqualTo(3000);
        assertThat(fixture.capacity("table/sessions").maxWrite()).isEqualTo(500);
    }

    @Test
    void hotPartition_changesNoCapacity_enablesContributorInsightsInThrottledKeysMode() {
        Map<String, Sandbox.Capacity> before = fixture.sandbox.capacities();

        JsonNode response = fixture.only("sns-write-key-range-orders.json");

        assertThat(fixture.sandbox.capacities()).isEqualTo(before);
        assertThat(response.get("incident").get("cause").asText()).isEqualTo("KEY_RANGE");
        var insights = fixture.sandbox.dynamoDb().describeContributorInsights(r -> r.tableName("orders"));
        assertThat(insights.contributorInsightsStatus()).isEqualTo(ContributorInsightsStatus.ENABLED);
        assertThat(insights.contributorInsightsModeAsString()).isEqualTo("THROTTLED_KEYS");
        assertThat(response.get("findings").get(0).asText()).contains("Shard");
    }

    @Test
    void sameNotificationTwice_actsOnce() {
        fixture.only("sns-write-provisioned-orders.json");
        JsonNode second = fixture.only("sns-write-provisioned-orders.json");

        assertThat(second.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(second.get("reason").asText()).contains("duplicate delivery");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void sameStateChangeBySnsAndEventBridge_actsOnce() {
        fixture.only("sns-write-provisioned-orders.json");
        JsonNode viaEventBridge = fixture.only("eventbridge-write-provisioned-orders.json");

        assertThat(viaEventBridge.get("delivery").asText()).isEqualTo("EVENTBRIDGE");
        assertThat(viaEventBridge.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
        assertThat(fixture.sandbox.sns().published()).hasSize(1);
    }

    @Test
    void secondAlarmOnSameDimensionWithinCooldown_isSkipped() {
        fixture.only("sns-write-provisioned-orders.json");
        // Writes at the raised 150 WCU/s: only the cooldown keeps a second raise back.
        fixture.sandbox.cloudWatch().put("ConsumedWriteCapacityUnits", Map.of("TableName", "orders"), List.of(150.0 * 60));
        JsonNode utilization = fixture.only("sns-write-utilization-orders.json");

        JsonNode update = action(utilization, "UPDATE_PROVISIONED");
        assertThat(update.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(update.get("reason").asText()).startsWith("cooldown");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void aggregateAlarm_refinedByPerCauseMetrics_toHotPartition_changesNoCapacity() {
        fixture.sandbox.cloudWatch().put("ReadKeyRangeThroughputThrottleEvents", Map.of("TableName", "orders"),
                List.of(120.0, 340.0));

        JsonNode response = fixture.only("sns-read-throttle-aggregate-orders.json");

        assertThat(response.get("incident").get("cause").asText()).isEqualTo("KEY_RANGE");
        assertThat(fixture.capacity("table/orders").read()).isEqualTo(100);
    }

    @Test
    void aggregateAlarm_withoutPerCauseDatapoints_fallsBackOnBillingMode() {
        JsonNode response = fixture.only("sns-read-throttle-aggregate-orders.json");

        assertThat(response.get("incident").get("cause").asText()).isEqualTo("PROVISIONED");
        assertThat(fixture.capacity("table/orders").read()).isEqualTo(300);
    }

    @Test
    void consumedPeakAboveFactor_setsCapacityToPeakPlusHeadroom() {
        // 24,000 units in a minute = 400 WCU/s; + 20 % headroom = 480, above 50 x 3.
        fixture.sandbox.cloudWatch().put("ConsumedWriteCapacityUnits", Map.of("TableName", "orders"),
                List.of(6_000.0, 24_000.0, 12_000.0));

        fixture.only("sns-write-provisioned-orders.json");

        assertThat(fixture.capacity("table/orders").write()).isEqualTo(480);
    }

    @Test
    void everyResponse_isRecordedInTheLedger_withItsActions() {
        fixture.only("sns-write-provisioned-orders.json");

        var items = fixture.sandbox.dynamoDb().query(r -> r.tableName(Sandbox.LEDGER_TABLE)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("EVENTS#orders")))).items();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("response").s()).contains("\"from\":50", "\"to\":150", "UPDATE_PROVISIONED");
        assertThat(items.get(0)).containsKey("expiresAt");
        var capacity = fixture.sandbox.dynamoDb().getItem(r -> r.tableName(Sandbox.LEDGER_TABLE).key(Map.of(
                "pk", AttributeValue.fromS("TABLE#orders"),
                "sk", AttributeValue.fromS("CAPACITY#table/orders#WRITE")))).item();
        assertThat(capacity.get("preIncidentValue").n()).isEqualTo("50");
    }

    @Test
    void incidentMessage_isEmailTextAndChatCustomNotification() {
        fixture.only("sns-write-provisioned-orders.json");

        PublishRequest published = fixture.sandbox.sns().published().get(0);
        assertThat(published.topicArn()).isEqualTo(fixture.sandbox.topicArn());
        assertThat(published.messageStructure()).isEqualTo("json");
        assertThat(RecordingSns.emailText(published)).contains("WRITE 50 -> 150", "throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
        assertThat(published.message()).contains("\\\"source\\\":\\\"custom\\\"");
    }

    @Test
    void hotKeySummary_isScheduledAfterTheConfiguredDelay() {
        fixture.only("sns-write-key-range-orders.json");

        assertThat(fixture.sandbox.sqs().sent()).singleElement().satisfies(message -> {
            assertThat(message.delaySeconds()).isEqualTo(300);
            assertThat(message.messageBody()).contains("\"table\":\"orders\"", "\"operation\":\"WRITE\"");
        });
    }

    @Test
    void okAndInsufficientData_changeNothing() {
        Map<String, Sandbox.Capacity> before = fixture.sandbox.capacities();

        assertThat(fixture.only("sns-ok-write-provisioned-orders.json").get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(fixture.only("sns-insufficient-data-orders.json").get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(fixture.sandbox.capacities()).isEqualTo(before);
        assertThat(fixture.sandbox.sns().published()).isEmpty();
    }

    static JsonNode action(JsonNode response, String type) {
        for (JsonNode action : response.get("actions")) {
            if (action.get("type").asText().equals(type)) {
                return action;
            }
        }
        throw new AssertionError("no " + type + " action in " + response);
    }
}
