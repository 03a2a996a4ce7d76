package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.aws.ledger.DynamoDbLedger;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.sandbox.RecordingSns;
import io.throttleresponder.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Faults injected into the AWS side while the real handler and adapters run on DynamoDB Local. */
class FaultsOnDynamoDbLocalTest {

    private final SandboxFixture fixture = SandboxFixture.withDefaultPolicy();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Supplier<RuntimeException> awsError(String code, String message) {
        return () -> DynamoDbException.builder().message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static JsonNode action(JsonNode response, String type) {
        return HandlerOnDynamoDbLocalTest.action(response, type);
    }

    private int eventRecords(String table) {
        return fixture.sandbox.dynamoDb().query(r -> r.tableName(Sandbox.LEDGER_TABLE)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("EVENTS#" + table)))).count();
    }

    @Test
    void tableUpdating_defersTheChangeToADelayedRetry_whichLandsOnceWhenTheTableIsActive() {
        fixture.sandbox.faults().busy("orders");

        JsonNode response = fixture.alarm("sns-write-provisioned-orders.json");

        JsonNode scale = action(response, "UPDATE_PROVISIONED");
        assertThat(scale.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(scale.get("reason").asText()).startsWith("deferred: table/orders is UPDATING; retried in 30 s");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);

        fixture.sandbox.faults().idle("orders");
        List<FollowUpResult> retries = fixture.runFollowUps().stream()
                .filter(r -> r.followUp().kind().name().equals("RETRY")).toList();

        assertThat(retries).singleElement().satisfies(retry -> assertThat(retry.actions())
                .anyMatch(a -> a.type().name().equals("UPDATE_PROVISIONED") && a.status().name().equals("APPLIED")));
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
        fixture.followUps.discardQueued();
        assertThat(fixture.only("sns-write-provisioned-orders.json").get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void updateTableAnsweringResourceInUse_isRetriedLater_notLooped() {
        fixture.sandbox.faults().fail("UpdateTable", "orders", 1, awsError("ResourceInUseException", "Table is being updated"));

        JsonNode response = fixture.alarm("sns-write-provisioned-orders.json");

        assertThat(action(response, "UPDATE_PROVISIONED").get("reason").asText()).startsWith("deferred:");
        assertThat(fixture.sandbox.sqs().sent()).filteredOn(m -> m.messageBody().contains("\"RETRY\"")).hasSize(1);
        fixture.runFollowUps();
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void tableBusyThroughEveryRetry_givesUpAfterTheBoundWithAReason() {
        fixture.sandbox.faults().busy("orders");
        fixture.alarm("sns-write-provisioned-orders.json");

        FollowUpResult last = null;
        for (int round = 0; round < 20 && !fixture.sandbox.sqs().sent().isEmpty(); round++) {
            for (FollowUpResult result : fixture.runFollowUps()) {
                if (result.followUp().kind().name().equals("RETRY")) {
                    last = result;
                }
            }
        }

        assertThat(last).isNotNull();
        assertThat(last.actions()).anySatisfy(a -> {
            assertThat(a.status().name()).isEqualTo("FAILED");
            assertThat(a.reason()).contains("gave up after 10 retries");
        });
        assertThat(fixture.sandbox.sqs().sent()).noneMatch(m -> m.messageBody().contains("\"RETRY\""));
    }

    @Test
    void accessDeniedOnContributorInsights_namesTheMissingPermission_andTheScaleUpStillLands() {
        fixture.sandbox.faults().fail("UpdateContributorInsights", "orders", 1, awsError("AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/responder/fn is not authorized to perform: "
                        + "dynamodb:UpdateContributorInsights on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders"));

        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(action(response, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("APPLIED");
        JsonNode insights = action(response, "ENABLE_CONTRIBUTOR_INSIGHTS");
        assertThat(insights.get("status").asText()).isEqualTo("FAILED");
        assertThat(insights.get("reason").asText())
                .contains("missing permission dynamodb:UpdateContributorInsights (AccessDeniedException)");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
        String message = RecordingSns.emailText(fixture.sandbox.sns().published().get(0));
        assertThat(message).contains("APPLIED UPDATE_PROVISIONED WRITE 50 -> 150", "FAILED ENABLE_CONTRIBUTOR_INSIGHTS",
                "missing permission dynamodb:UpdateContributorInsights");
        assertThat(eventRecords("orders")).isEqualTo(1);
    }

    @Test
    void accessDeniedOnUpdateTable_failsTheScaleUp_givesTheReservationBack_andInsightsStillLand() {
        fixture.sandbox.faults().fail("UpdateTable", "orders", 1, awsError("AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/responder/fn is not authorized to perform: dynamodb:UpdateTable"));

        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        JsonNode scale = action(response, "UPDATE_PROVISIONED");
        assertThat(scale.get("status").asText()).isEqualTo("FAILED");
        assertThat(scale.get("reason").asText()).contains("missing permission dynamodb:UpdateTable");
        assertThat(action(response, "ENABLE_CONTRIBUTOR_INSIGHTS").get("status").asText()).isEqualTo("APPLIED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
        // No cooldown left behind by a change that did not happen: the next alarm can act.
        JsonNode next = fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "ALARM",
                Duration.ofMinutes(2))).get(0);
        assertThat(action(next, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("APPLIED");
    }

    @Test
    void limitExceeded_isReportedWithDynamoDbsReason() {
        fixture.sandbox.faults().fail("UpdateTable", "orders", 1, awsError("LimitExceededException",
                "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day"));

        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(action(response, "UPDATE_PROVISIONED").get("reason").asText())
                .contains("a DynamoDB limit is exceeded (LimitExceededException): Subscriber limit exceeded");
    }

    @Test
    void controlPlaneThrottledWhileReadingState_failsTheInvocationForLambdasRetry_withoutActing() {
        fixture.sandbox.faults().fail("DescribeTable", "orders", 1, awsError("ThrottlingException", "Rate exceeded"));

        assertThatThrownBy(() -> fixture.only("sns-write-provisioned-orders.json")).hasMessageContaining("Rate exceeded");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);

        JsonNode redelivered = fixture.only("sns-write-provisioned-orders.json");
        assertThat(redelivered.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void invocationThatFails_writesOneStructuredFailedLine_withTheCallItsMeaningAndTheMetric() {
        fixture.sandbox.faults().fail("DescribeTable", "orders", 1, awsError("ThrottlingException", "Rate exceeded"));

        String logged;
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> fixture.only("sns-write-provisioned-orders.json")).hasMessageContaining("Rate exceeded");
            logged = logs.text();
        }

        String line = logged.lines().filter(l -> l.contains("alarm not handled")).findFirst().orElseThrow();
        assertThat(line).contains("\"outcome\":\"FAILED\"", "\"alarm\":\"throttle-responder-orders-WriteProvisionedThroughputThrottleEvents\"",
                "Rate exceeded", "Lambda retries it");
        // The adapter and the operation it called (SnapshotRehearsalIT checks the names through the real SDK client).
        assertThat(line).containsPattern("\"call\":\"(\\w+)\\.(\\w+) -> (\\w+)\",\"reason\":\"\\1\\.\\2 -> \\3 failed: ");
        assertThat(fixture.metricLines).singleElement().asString()
                .contains("\"NotificationsFailed\":1.0").contains("\"TableName\":\"orders\"");
    }

    @Test
    void ledgerThrottledOnTheClaim_actsNotAtAll_andTheRedeliveryActsOnce() {
        fixture.sandbox.faults().fail("PutItem", Sandbox.LEDGER_TABLE, 1,
                awsError("ProvisionedThroughputExceededException", "The level of configured provisioned throughput was exceeded"));

        // In a transaction DynamoDB reports the throttled item as a cancellation reason, not as its own exception.
        assertThatThrownBy(() -> fixture.only("sns-write-provisioned-orders.json"))
                .isInstanceOf(TransactionCanceledException.class)
                .hasMessageContaining("[ProvisionedThroughputExceeded, None]");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
        assertThat(fixture.sandbox.sns().published()).isEmpty();

        fixture.only("sns-write-provisioned-orders.json");
        fixture.only("sns-write-provisioned-orders.json");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
        assertThat(fixture.sandbox.sns().published()).hasSize(1);
    }

    @Test
    void ledgerUnavailableWhenNotingTheAlarm_failsBeforeAnyChange_andTheRedeliveryActs() {
        fixture.sandbox.faults().fail("UpdateItem", Sandbox.LEDGER_TABLE, 1, awsError("InternalServerError", "Internal server error"));

        assertThatThrownBy(() -> fixture.only("sns-write-provisioned-orders.json")).hasMessageContaining("Internal server error");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);

        assertThat(fixture.only("sns-write-provisioned-orders.json").get("outcome").asText()).isEqualTo("ACTED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void ledgerUnavailableWhenReservingTheChange_doesNotChangeCapacityBlind() {
        // UpdateItems: the alarm's latest state change (first round), the incident's note (second round),
        // then the cooldown reservation.
        fixture.sandbox.faults().failAfter("UpdateItem", Sandbox.LEDGER_TABLE, 2, 1,
                awsError("InternalServerError", "Internal server error"));

        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(action(response, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("FAILED");
        assertThat(action(response, "UPDATE_PROVISIONED").get("reason").asText()).contains("Internal server error");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
    }

    @Test
    void ledgerFailingToRecordAfterTheChange_keepsTheClaim_soTheRedeliveryDoesNotActTwice() {
        // PutItems: the claim, the table lock, the Contributor Insights mark, then the record.
        fixture.sandbox.faults().failAfter("PutItem", Sandbox.LEDGER_TABLE, 3, 1,
                awsError("InternalServerError", "ledger unavailable while recording"));

        assertThatThrownBy(() -> fixture.only("sns-write-provisioned-orders.json"))
                .hasMessageContaining("ledger unavailable while recording");
        JsonNode redelivered = fixture.only("sns-write-provisioned-orders.json");

        assertThat(redelivered.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(redelivered.get("reason").asText()).contains("duplicate delivery");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
        assertThat(fixture.sandbox.sns().published()).hasSize(1);
    }

    @Test
    void invocationThatCrashedAfterItsClaim_doesNotSwallowTheAlarm_theRetryAfterTheLeaseActs() throws Exception {
        // A crashed invocation leaves its claim in progress, as the ledger would hold it.
        ParsedEvent parsed = AlarmEventParser.create()
                .parse(Files.readAllBytes(SandboxFixture.EVENTS.resolve("sns-write-provisioned-orders.json"))).get(0);
        String key = ((ParsedEvent.Alarm) parsed).notification().stateChangeKey();
        new DynamoDbLedger(fixture.sandbox.dynamoDb(), Sandbox.LEDGER_TABLE)
                .claim(key, Duration.ofSeconds(90), fixture.sandbox.clock().instant());

        JsonNode withinLease = fixture.only("sns-write-provisioned-orders.json");
        fixture.sandbox.clock().advance(Duration.ofSeconds(91));
        JsonNode afterLease = fixture.only("sns-write-provisioned-orders.json");
        JsonNode completed = fixture.only("sns-write-provisioned-orders.json");
        fixture.sandbox.clock().advance(Duration.ofMinutes(10));
        JsonNode muchLater = fixture.only("sns-write-provisioned-orders.json");

        assertThat(withinLease.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(afterLease.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(completed.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(muchLater.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void notificationTopicFailing_isReported_andTheChangesStand() {
        fixture.sandbox.faults().fail("Publish", null, 1, () -> AwsServiceException.builder().message("Topic does not exist")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotFound").errorMessage("Topic does not exist").build())
                .build());

        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(action(response, "NOTIFY").get("status").asText()).isEqualTo("FAILED");
        assertThat(action(response, "NOTIFY").get("reason").asText()).contains("Topic does not exist");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void indexThatNoLongerExists_changesNothing_andSaysSo() throws Exception {
        String event = Files.readString(SandboxFixture.EVENTS.resolve("sns-read-provisioned-orders-by-status.json"))
                .replace("by-status", "gone-index");

        JsonNode response = fixture.handleBytes(event.getBytes(StandardCharsets.UTF_8)).get(0);

        assertThat(response.get("findings").get(0).asText()).contains("Index gone-index does not exist");
        assertThat(response.get("actions").findValuesAsText("type")).containsExactly("NOTIFY");
    }
}
