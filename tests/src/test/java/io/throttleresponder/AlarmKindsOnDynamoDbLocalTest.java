package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Alarms as AWS means them, through the real handler and adapters on DynamoDB Local: another account's
 * or Region's alarm, a muted one, a composite, and Metrics Insights contributors by each delivery.
 */
class AlarmKindsOnDynamoDbLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("..", "events");

    private final SandboxFixture fixture = SandboxFixture.withPolicy(
            "{\"tables\": {\"orders\": {}, \"sessions\": {}, \"inventory\": {}}}");

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static ObjectNode read(String file) {
        try {
            return (ObjectNode) JSON.readTree(Files.readAllBytes(EVENTS.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SNS sample with its alarm message changed. */
    private static byte[] snsVariant(String file, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = read(file);
            ObjectNode sns = (ObjectNode) event.get("Records").get(0).get("Sns");
            ObjectNode message = (ObjectNode) JSON.readTree(sns.get("Message").asText());
            change.accept(message);
            sns.put("Message", message.toString());
            return bytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode only(byte[] event) {
        var responses = fixture.handleBytes(event);
        assertThat(responses).hasSize(1);
        return responses.get(0);
    }

    private void assertNothingChanged() {
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
        assertThat(fixture.capacity("table/orders").read()).isEqualTo(100);
        assertThat(fixture.sandbox.sns().published()).isEmpty();
    }

    @Test
    void alarmOfAnotherAccountInAnotherRegion_isIgnoredNamingTheAccount_andChangesNoTableOfTheSameName() {
        JsonNode response = fixture.only("sns-foreign-account-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(response.get("reason").asText()).startsWith("alarm of account 274527156693, not this responder's account");
        assertNothingChanged();
    }

    @Test
    void alarmOfThisAccountInAnotherRegion_isIgnoredNamingTheRegion() {
        JsonNode response = only(snsVariant("sns-write-provisioned-orders.json", m -> {
            m.put("AlarmArn", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
            m.put("Region", "EU (Ireland)");
        }));

        assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(response.get("reason").asText()).startsWith("alarm of Region eu-west-1, not this responder's Region us-east-1");
        assertNothingChanged();
    }

    @Test
    void oldNotificationWithoutAlarmArn_isPlacedByItsAccountAndRegionFields() {
        JsonNode response = only(snsVariant("sns-write-provisioned-orders.json", m -> {
            m.remove("AlarmArn");
            m.put("Region", "Asia Pacific (Tokyo)");
        }));

        assertThat(response.get("reason").asText()).startsWith("alarm of Region ap-northeast-1");
        assertNothingChanged();
    }

    @Test
    void alarmOnAMetricOfAnotherAccount_isIgnoredNamingThatAccount() {
        JsonNode response = fixture.only("sns-cross-account-metric-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(response.get("reason").asText()).contains("lives in account 775096123702");
        assertNothingChanged();
    }

    @Test
    void mutedAlarm_actsOnNothing_butIsRecordedWithTheRule() {
        JsonNode response = fixture.only("eventbridge-muted-write-provisioned-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(response.get("reason").asText()).contains("alarm mute rule orders-load-test");
        assertNothingChanged();
        var recorded = fixture.sandbox.dynamoDb().query(r -> r.tableName(Sandbox.LEDGER_TABLE)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("EVENTS#orders")))).items();
        assertThat(recorded).singleElement().satisfies(item ->
                assertThat(item.get("response").s()).contains("orders-load-test"));
    }

    @Test
    void sameChangeAfterItsMuteWindow_acts() {
        ObjectNode event = read("eventbridge-muted-write-provisioned-orders.json");
        ((ObjectNode) event.get("detail").get("muteDetail")).put("muteWindowEnd", "2026-11-22T06:05:00.000+0000");

        JsonNode response = only(bytes(event));

        assertThat(response.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void compositeAlarmBySns_isIgnoredNotRejected() {
        JsonNode response = fixture.only("sns-composite-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(response.get("reason").asText()).contains("composite alarm throttle-responder-orders-throttling-composite");
        assertNothingChanged();
    }

    @Test
    void metricsInsightsParentStateChange_isIgnored_itsContributorsAreAnswered() {
        JsonNode parent = fixture.only("eventbridge-metrics-insights-parent.json");
        JsonNode contributor = fixture.only("eventbridge-contributor-write-throttle-orders.json");

        assertThat(parent.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(contributor.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @ParameterizedTest
    @CsvSource({
            "eventbridge-contributor-write-throttle-orders.json,    table/orders,                 150",
            "alarm-action-contributor-write-throttle-sessions.json, table/sessions,               1500",
            "sns-contributor-read-throttle-orders-by-status.json,   table/orders/index/by-status, 150",
    })
    void contributor_byEachDelivery_changesItsOwnTable_once(String file, String resource, long raised) {
        JsonNode first = fixture.only(file);
        JsonNode again = fixture.only(file);

        assertThat(first.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(again.get("reason").asText()).startsWith("duplicate delivery");
        Sandbox.Capacity capacity = fixture.capacity(resource);
        assertThat(capacity.onDemand() ? capacity.maxWrite() : resource.contains("index") ? capacity.read() : capacity.write())
                .isEqualTo(raised);
    }

    @Test
    void contributorsOfOneAlarmAtTheSameTime_areEachAnswered() {
        JsonNode orders = fixture.only("eventbridge-contributor-write-throttle-orders.json");
        ObjectNode sessions = read("eventbridge-contributor-write-throttle-orders.json");
        ObjectNode contributor = (ObjectNode) sessions.get("detail").get("alarmContributor");
        contributor.put("id", "a91f03c2b7d64e55");
        ((ObjectNode) contributor.get("attributes")).put("TableName", "sessions");

        JsonNode second = only(bytes(sessions));

        assertThat(orders.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(second.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(fixture.capacity("table/sessions").maxWrite()).isEqualTo(1500);
    }

    @Test
    void contributorBackToOk_schedulesTheRecoveryOfItsTable() {
        fixture.only("eventbridge-contributor-write-throttle-orders.json");
        fixture.runFollowUps();
        ObjectNode ok = read("eventbridge-contributor-write-throttle-orders.json");
        ObjectNode state = (ObjectNode) ok.get("detail").get("state");
        state.put("value", "OK");
        state.put("reason", "Threshold Crossed: 1 datapoint was not greater than the threshold (50.0).");
        state.put("timestamp", "2026-11-22T10:52:09.331+0000");

        JsonNode response = only(bytes(ok));

        assertThat(response.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(response.get("actions").get(0).get("type").asText()).isEqualTo("SCHEDULE_RECOVERY");
        assertThat(response.get("actions").get(0).get("resource").asText()).isEqualTo("table/orders");
    }
}
