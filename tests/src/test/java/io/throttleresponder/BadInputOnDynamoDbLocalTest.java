package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad input through the real handler on DynamoDB Local: every malformed, foreign or unactionable
 * notification is rejected or ignored with a reason, and nothing else happens: no capacity or scaling
 * change, no message on the topic or the follow-up queue, no Contributor Insights, and no ledger item
 * beyond what the outcome itself implies.
 */
class BadInputOnDynamoDbLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest message SNS publishes (256 KiB); CloudWatch cannot send more in one notification. */
    private static final int SNS_MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String GHOST_TABLE = "ghost-table";
    /** 3-255 characters of [a-zA-Z0-9_.-]: the widest valid DynamoDB table name. */
    private static final String LONGEST_TABLE = ("Z9_.-" + "a".repeat(250)).substring(0, 255);
    private static final String UNUSUAL_ALARM = "Störung – Schreib-Drosselung 🔥 my.Table_v2-prod (by.Status-2)";

    /**
     * One sandbox for every case: each case must leave it as it found it, which is what is asserted. The
     * sample tables are watched, and so is a table that does not exist, to tell "does not exist" from
     * "not watched".
     */
    private static SandboxFixture fixture;

    @BeforeAll
    static void start() {
        fixture = SandboxFixture.withPolicy("{\"tables\": {\"orders\": {}, \"sessions\": {}, \"inventory\": {}, \""
                + GHOST_TABLE + "\": {}}}");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    enum Outcome { REJECTED, IGNORED }

    /** What the outcome leaves in the ledger. */
    enum LedgerTrace {
        /** Rejected, or ignored before the responder claims the state change: not one item. */
        NOTHING,
        /**
         * Ignored after the claim (the table is watched, so the state change is claimed once before its
         * state is read): the claim, the alarm's latest state change and the IGNORED response record, and no incident, capacity or
         * Contributor Insights item.
         */
        CLAIM_AND_IGNORED_RECORD
    }

    /** {@code incident}: "table|index|operation|cause" the diagnosis must find, or null for none. */
    record Case(String name, byte[] event, Outcome outcome, String reason, LedgerTrace ledger, String incident) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Arguments rejected(String name, byte[] event, String reason) {
        return Arguments.of(new Case(name, event, Outcome.REJECTED, reason, LedgerTrace.NOTHING, null));
    }

    private static Arguments ignored(String name, byte[] event, String reason) {
        return Arguments.of(new Case(name, event, Outcome.IGNORED, reason, LedgerTrace.NOTHING, null));
    }

    static Stream<Arguments> badInput() {
        String provisioned = "sns-write-provisioned-orders.json";
        return Stream.of(
                rejected("empty body", new byte[0], "empty event"),
                rejected("whitespace only", utf8(" \r\n\t "), "empty event"),
                rejected("not JSON", utf8("ALARM: orders is throttled"), "event is not JSON"),
                rejected("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                        "event is not JSON"),
                rejected("JSON array", utf8("[" + new String(EventBytes.read(provisioned), StandardCharsets.UTF_8) + "]"),
                        "not a JSON object"),
                rejected("SNS Message not JSON", snsWithMessage("Test message from the SNS console"), "SNS Message is not JSON"),
                rejected("SNS Message JSON but not an alarm", snsWithMessage("{\"default\": \"hello\", \"AlarmNameX\": 1}"),
                        "not a CloudWatch alarm notification"),
                rejected("SNS Message nested deeper than the limit",
                        snsWithMessage("{\"AlarmName\": " + "[".repeat(AlarmEventParser.MAX_EVENT_BYTES / 4) + "}"),
                        "nesting depth"),
                rejected("missing AlarmName", sns(provisioned, m -> m.remove("AlarmName")), "not a CloudWatch alarm notification"),
                rejected("missing NewStateValue", sns(provisioned, m -> m.remove("NewStateValue")),
                        "not a CloudWatch alarm notification"),
                rejected("missing Trigger", sns(provisioned, m -> m.remove("Trigger")), "neither a Trigger object nor an AlarmRule"),
                rejected("missing StateChangeTime", sns(provisioned, m -> m.remove("StateChangeTime")),
                        "missing field StateChangeTime"),
                rejected("AlarmName a number", sns(provisioned, m -> m.put("AlarmName", 1042)), "AlarmName must be a string"),
                rejected("Dimensions an object", sns(provisioned, m -> trigger(m).putObject("Dimensions").put("TableName", "orders")),
                        "Dimensions must be a list"),
                rejected("Threshold \"high\"", sns(provisioned, m -> trigger(m).put("Threshold", "high")),
                        "Threshold must be a number"),
                rejected("unknown delivery shape", utf8("{\"Type\": \"Notification\", \"Message\": \"ALARM\"}"), "unknown event shape"),
                rejected("EventBridge event of another detail-type", eventBridge(r -> r.put("detail-type", "EC2 Instance State-change Notification")),
                        "unknown event shape"),
                // Over the handler's 1 MiB: refused on its length alone, before a byte of it is parsed.
                rejected("event just over the 1 MiB limit", snsPaddedTo(AlarmEventParser.MAX_EVENT_BYTES + 1),
                        "exceeds the " + AlarmEventParser.MAX_EVENT_BYTES + "-byte limit"),
                // Unclosed brackets: had the parser gone on to the end it would report end-of-input, not depth.
                rejected("nesting deeper than the limit (never closed)", utf8("{\"Records\": " + "[".repeat(100_000)),
                        "nesting depth"),
                // 256 KiB is the largest message SNS delivers, so it is legal input: it must be parsed and judged
                // by its content, never refused for size (the limit is on the 1 MiB event). Its content here is a
                // real non-DynamoDB alarm, so the right outcome is IGNORED naming its namespace; an actionable alarm
                // of that size acts as any other (the size check alone must not decide).
                ignored("256 KiB SNS message (a real EC2 alarm padded by its description)", sns256KiB(), "namespace AWS/EC2"),
                ignored("another AWS namespace (AWS/Lambda Errors)", sns(provisioned, m -> {
                    trigger(m).put("Namespace", "AWS/Lambda").put("MetricName", "Errors");
                    dimensions(m, Map.of("FunctionName", "checkout"));
                }), "watches namespace AWS/Lambda, not AWS/DynamoDB"),
                ignored("composite alarm via EventBridge (no metrics)", compositeAlarm(),
                        "composite alarm orders-throttling-composite (ALARM(throttle-responder-orders-WriteProvisionedThroughputThrottleEvents)"),
                ignored("table not watched", sns(provisioned, m -> dimensions(m, Map.of("TableName", "payments"))),
                        "table payments is not watched by the policy"),
                Arguments.of(new Case("watched table that does not exist",
                        sns(provisioned, m -> {
                            dimensions(m, Map.of("TableName", GHOST_TABLE));
                            m.put("AlarmName", "throttle-responder-ghost-table-WriteProvisionedThroughputThrottleEvents");
                        }),
                        Outcome.IGNORED, "table " + GHOST_TABLE + " does not exist", LedgerTrace.CLAIM_AND_IGNORED_RECORD,
                        GHOST_TABLE + "|null|WRITE|PROVISIONED")),
                Arguments.of(new Case("unusual but valid names (dots, underscore, unicode alarm name, index)",
                        sns("sns-read-key-range-orders-by-status.json", m -> {
                            m.put("AlarmName", UNUSUAL_ALARM);
                            dimensions(m, orderedMap("TableName", "my.Table_v2-prod", "GlobalSecondaryIndexName", "by.Status-2"));
                        }),
                        Outcome.IGNORED, "table my.Table_v2-prod is not watched by the policy", LedgerTrace.NOTHING,
                        "my.Table_v2-prod|by.Status-2|READ|KEY_RANGE")),
                Arguments.of(new Case("longest valid table name (255 characters)",
                        sns(provisioned, m -> dimensions(m, Map.of("TableName", LONGEST_TABLE))),
                        Outcome.IGNORED, "table " + LONGEST_TABLE + " is not watched by the policy", LedgerTrace.NOTHING,
                        LONGEST_TABLE + "|null|WRITE|PROVISIONED")),
                Arguments.of(new Case("shortest valid table name (3 characters)",
                        sns(provisioned, m -> dimensions(m, Map.of("TableName", "a.b"))),
                        Outcome.IGNORED, "table a.b is not watched by the policy", LedgerTrace.NOTHING, "a.b|null|WRITE|PROVISIONED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInput_isRejectedOrIgnoredWithItsReason_andNothingElseHappens(Case input) {
        World before = World.observe();

        List<JsonNode> responses = fixture.handleBytes(input.event());

        assertThat(responses).as("one response per notification").hasSize(1);
        JsonNode response = responses.get(0);
        assertThat(response.get("outcome").asText()).isEqualTo(input.outcome().name());
        assertThat(response.get("reason").asText()).contains(input.reason());
        assertThat(response.get("actions")).as("actions").isEmpty();
        if (input.incident() != null) {
            JsonNode incident = response.get("incident");
            assertThat(incident.get("table").asText() + "|" + incident.get("index").asText() + "|"
                    + incident.get("operation").asText() + "|" + incident.get("cause").asText())
                    .isEqualTo(input.incident());
        }
        if (input.name().startsWith("unusual")) {
            // The alarm name survives parsing byte for byte, unicode and spaces included.
            assertThat(response.get("alarm").asText()).isEqualTo(UNUSUAL_ALARM);
        }

        World after = World.observe();
        assertThat(after.capacities()).as("capacities").isEqualTo(before.capacities());
        assertThat(after.scalableTargets()).as("scalable targets").isEqualTo(before.scalableTargets());
        assertThat(after.contributorInsights()).as("Contributor Insights").isEqualTo(before.contributorInsights());
        assertThat(after.published()).as("SNS messages published").isEqualTo(before.published());
        assertThat(after.queued()).as("SQS messages sent").isEqualTo(before.queued());
        Map<String, String> added = new TreeMap<>(after.ledger());
        added.keySet().removeAll(before.ledger().keySet());
        switch (input.ledger()) {
            case NOTHING -> assertThat(added).as("ledger items added").isEmpty();
            case CLAIM_AND_IGNORED_RECORD -> assertThat(added).as("ledger items added").hasSize(3)
                    .anySatisfy((key, outcome) -> assertThat(key).startsWith("CHANGE#").endsWith("|CLAIM"))
                    .anySatisfy((key, outcome) -> assertThat(key).startsWith("ALARM#").endsWith("|LATEST"))
                    .anySatisfy((key, outcome) -> {
                        assertThat(key).startsWith("EVENTS#" + GHOST_TABLE + "|");
                        assertThat(outcome).isEqualTo("IGNORED");
                    });
        }
        assertThat(after.ledger()).as("ledger items changed").containsAllEntriesOf(before.ledger());
    }

    /** Everything a response could change, read back from the sandbox. */
    record World(Map<String, Sandbox.Capacity> capacities, List<ScalableTarget> scalableTargets,
                 Map<String, String> contributorInsights, int published, int queued, Map<String, String> ledger) {

        static World observe() {
            Sandbox sandbox = fixture.sandbox;
            Map<String, Sandbox.Capacity> capacities = sandbox.capacities();
            Map<String, String> insights = new TreeMap<>();
            for (String resource : capacities.keySet()) {
                String[] parts = resource.split("/");
                String index = parts.length > 3 ? parts[3] : null;
                insights.put(resource, sandbox.dynamoDb().describeContributorInsights(r -> r.tableName(parts[1]).indexName(index))
                        .contributorInsightsStatusAsString());
            }
            // The whole ledger, "pk|sk" -> outcome (or the item as text when it has none), so any change shows.
            Map<String, String> ledger = new TreeMap<>();
            sandbox.dynamoDb().scanPaginator(r -> r.tableName(Sandbox.LEDGER_TABLE).consistentRead(true)).items()
                    .forEach(item -> ledger.put(item.get("pk").s() + "|" + item.get("sk").s(), ledgerValue(item)));
            return new World(capacities, List.copyOf(sandbox.autoScaling().targets()), insights,
                    sandbox.sns().published().size(), sandbox.sqs().sent().size(), ledger);
        }

        private static String ledgerValue(Map<String, AttributeValue> item) {
            AttributeValue outcome = item.get("outcome");
            return outcome != null ? outcome.s() : new TreeMap<>(item).toString();
        }
    }

    // --- building the events --------------------------------------------------------------------------

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The sample SNS event with its alarm message changed by {@code change}. */
    private static byte[] sns(String file, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EventBytes.read(file));
            ObjectNode sns = (ObjectNode) event.get("Records").get(0).get("Sns");
            ObjectNode message = (ObjectNode) JSON.readTree(sns.get("Message").asText());
            change.accept(message);
            sns.put("Message", JSON.writeValueAsString(message));
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample SNS event carrying {@code message} as it is. */
    private static byte[] snsWithMessage(String message) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EventBytes.read("sns-write-provisioned-orders.json"));
            ((ObjectNode) event.get("Records").get(0).get("Sns")).put("Message", message);
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] eventBridge(Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EventBytes.read("eventbridge-write-provisioned-orders.json"));
            change.accept(event);
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A composite alarm's state change as EventBridge delivers it: an alarm rule, no metrics. */
    private static byte[] compositeAlarm() {
        return eventBridge(r -> {
            r.putArray("resources").add("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-throttling-composite");
            ObjectNode detail = (ObjectNode) r.get("detail");
            detail.put("alarmName", "orders-throttling-composite");
            ((ObjectNode) detail.get("state")).remove("reasonData");
            ObjectNode configuration = detail.putObject("configuration");
            configuration.put("alarmRule", "ALARM(throttle-responder-orders-WriteProvisionedThroughputThrottleEvents) OR "
                    + "ALARM(throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents)");
            configuration.put("actionsSuppressorWaitPeriod", 0);
        });
    }

    /** The EC2 sample alarm, its message padded by a long description to exactly SNS's 256 KiB. */
    private static byte[] sns256KiB() {
        int unpadded = messageOf(sns("sns-non-dynamodb.json", m -> m.put("AlarmDescription", ""))).length;
        byte[] event = sns("sns-non-dynamodb.json", m -> m.put("AlarmDescription", "d".repeat(SNS_MAX_MESSAGE_BYTES - unpadded)));
        assertThat(messageOf(event)).hasSize(SNS_MAX_MESSAGE_BYTES);
        return event;
    }

    /** A real alarm whose event is exactly {@code size} bytes. */
    private static byte[] snsPaddedTo(int size) {
        int unpadded = sns("sns-write-provisioned-orders.json", m -> m.put("AlarmDescription", "")).length;
        byte[] event = sns("sns-write-provisioned-orders.json", m -> m.put("AlarmDescription", "d".repeat(size - unpadded)));
        assertThat(event).hasSize(size);
        return event;
    }

    private static byte[] messageOf(byte[] snsEvent) {
        try {
            return utf8(JSON.readTree(snsEvent).get("Records").get(0).get("Sns").get("Message").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode trigger(ObjectNode message) {
        return (ObjectNode) message.get("Trigger");
    }

    /** Replaces the trigger's dimensions, in SNS's lower-case form. */
    private static void dimensions(ObjectNode message, Map<String, String> dimensions) {
        ArrayNode list = trigger(message).putArray("Dimensions");
        dimensions.forEach((name, value) -> list.addObject().put("value", value).put("name", name));
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The sample files under events/, read as bytes. */
    private static final class EventBytes {
        static byte[] read(String file) {
            try {
                return Files.readAllBytes(SandboxFixture.EVENTS.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
