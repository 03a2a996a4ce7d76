package io.throttleresponder.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.model.Cause;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlarmEventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AlarmEventParser parser = AlarmEventParser.create();

    /**
     * What events/README.md says each sample file is. A null table means "nothing to answer", for the
     * reason {@code ignoredBecause} (null: not a DynamoDB alarm).
     */
    record Expected(Delivery delivery, String alarmName, AlarmState state,
                    String table, String index, Operation operation, Cause cause, boolean aggregate, String ignoredBecause) {

        Expected(Delivery delivery, String alarmName, AlarmState state,
                 String table, String index, Operation operation, Cause cause, boolean aggregate) {
            this(delivery, alarmName, state, table, index, operation, cause, aggregate, null);
        }
    }

    private static Expected sns(String alarm, AlarmState state, String table, String index, Operation op, Cause cause) {
        return new Expected(Delivery.SNS, alarm, state, table, index, op, cause, false);
    }

    private static Expected ignored(Delivery delivery, String alarm, String because) {
        return new Expected(delivery, alarm, AlarmState.ALARM, null, null, null, null, false, because);
    }

    /** The samples of another account or Region: account and Region as their alarm ARN says. */
    private static final Map<String, List<String>> ELSEWHERE = Map.of(
            "sns-foreign-account-orders.json", List.of("274527156693", "ap-northeast-1"));

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry("sns-write-provisioned-orders.json", sns("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.PROVISIONED)),
            Map.entry("eventbridge-write-provisioned-orders.json", new Expected(Delivery.EVENTBRIDGE,
                    "throttle-responder-orders-WriteProvisionedThroughputThrottleEvents", AlarmState.ALARM, "orders", null,
                    Operation.WRITE, Cause.PROVISIONED, false)),
            Map.entry("sns-read-provisioned-orders-by-status.json", sns("throttle-responder-orders-by-status-ReadProvisionedThroughputThrottleEvents",
                    AlarmState.ALARM, "orders", "by-status", Operation.READ, Cause.PROVISIONED)),
            Map.entry("alarm-action-read-provisioned-orders.json", new Expected(Delivery.ALARM_ACTION,
                    "throttle-responder-orders-ReadProvisionedThroughputThrottleEvents", AlarmState.ALARM, "orders", null,
                    Operation.READ, Cause.PROVISIONED, false)),
            Map.entry("sns-write-key-range-orders.json", sns("throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.KEY_RANGE)),
            Map.entry("alarm-action-write-key-range-orders.json", new Expected(Delivery.ALARM_ACTION,
                    "throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents", AlarmState.ALARM, "orders", null,
                    Operation.WRITE, Cause.KEY_RANGE, false)),
            Map.entry("sns-read-key-range-orders-by-status.json", sns("throttle-responder-orders-by-status-ReadKeyRangeThroughputThrottleEvents",
                    AlarmState.ALARM, "orders", "by-status", Operation.READ, Cause.KEY_RANGE)),
            Map.entry("sns-read-max-on-demand-sessions.json", sns("throttle-responder-sessions-ReadMaxOnDemandThroughputThrottleEvents",
                    AlarmState.ALARM, "sessions", null, Operation.READ, Cause.MAX_ON_DEMAND)),
            Map.entry("eventbridge-read-max-on-demand-sessions.json", new Expected(Delivery.EVENTBRIDGE,
                    "throttle-responder-sessions-ReadMaxOnDemandThroughputThrottleEvents", AlarmState.ALARM, "sessions", null,
                    Operation.READ, Cause.MAX_ON_DEMAND, false)),
            Map.entry("sns-write-max-on-demand-sessions.json", sns("throttle-responder-sessions-WriteMaxOnDemandThroughputThrottleEvents",
                    AlarmState.ALARM, "sessions", null, Operation.WRITE, Cause.MAX_ON_DEMAND)),
            Map.entry("sns-write-account-limit-orders.json", sns("throttle-responder-orders-WriteAccountLimitThrottleEvents",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.ACCOUNT_LIMIT)),
            Map.entry("sns-read-account-limit-sessions.json", sns("throttle-responder-sessions-ReadAccountLimitThrottleEvents",
                    AlarmState.ALARM, "sessions", null, Operation.READ, Cause.ACCOUNT_LIMIT)),
            Map.entry("sns-write-provisioned-inventory.json", sns("throttle-responder-inventory-WriteProvisionedThroughputThrottleEvents",
                    AlarmState.ALARM, "inventory", null, Operation.WRITE, Cause.PROVISIONED)),
            Map.entry("alarm-action-write-provisioned-inventory.json", new Expected(Delivery.ALARM_ACTION,
                    "throttle-responder-inventory-WriteProvisionedThroughputThrottleEvents", AlarmState.ALARM, "inventory", null,
                    Operation.WRITE, Cause.PROVISIONED, false)),
            Map.entry("sns-read-throttle-aggregate-orders.json", new Expected(Delivery.SNS, "throttle-responder-orders-ReadThrottleEvents",
                    AlarmState.ALARM, "orders", null, Operation.READ, Cause.UNKNOWN, true)),
            Map.entry("sns-write-throttle-aggregate-sessions.json", new Expected(Delivery.SNS, "throttle-responder-sessions-WriteThrottleEvents",
                    AlarmState.ALARM, "sessions", null, Operation.WRITE, Cause.UNKNOWN, true)),
            Map.entry("sns-write-utilization-orders.json", sns("throttle-responder-orders-WriteCapacityUtilization",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.UTILIZATION)),
            Map.entry("eventbridge-write-utilization-orders.json", new Expected(Delivery.EVENTBRIDGE,
                    "throttle-responder-orders-WriteCapacityUtilization", AlarmState.ALARM, "orders", null,
                    Operation.WRITE, Cause.UTILIZATION, false)),
            Map.entry("sns-read-utilization-orders-by-status.json", sns("throttle-responder-orders-by-status-ReadCapacityUtilization",
                    AlarmState.ALARM, "orders", "by-status", Operation.READ, Cause.UTILIZATION)),
            Map.entry("sns-latency-orders.json", sns("throttle-responder-orders-SuccessfulRequestLatency",
                    AlarmState.ALARM, "orders", null, null, Cause.LATENCY)),
            Map.entry("sns-ok-write-provisioned-orders.json", sns("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents",
                    AlarmState.OK, "orders", null, Operation.WRITE, Cause.PROVISIONED)),
            Map.entry("eventbridge-ok-write-provisioned-orders.json", new Expected(Delivery.EVENTBRIDGE,
                    "throttle-responder-orders-WriteProvisionedThroughputThrottleEvents", AlarmState.OK, "orders", null,
                    Operation.WRITE, Cause.PROVISIONED, false)),
            Map.entry("sns-insufficient-data-orders.json", sns("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents",
                    AlarmState.INSUFFICIENT_DATA, "orders", null, Operation.WRITE, Cause.PROVISIONED)),
            Map.entry("sns-non-dynamodb.json", sns("ec2-web-01-CPUUtilization-High",
                    AlarmState.ALARM, null, null, null, null)),
            Map.entry("sns-foreign-account-orders.json", sns("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.PROVISIONED)),
            Map.entry("sns-cross-account-metric-orders.json", sns(
                    "source-775096123702-orders-WriteProvisionedThroughputThrottleEvents",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.PROVISIONED)),
            Map.entry("sns-anomaly-below-band-orders.json", ignored(Delivery.SNS, "throttle-responder-orders-ConsumedWriteCapacityUnits-anomaly",
                    "breached below its band (12.0 < lower bound 1408.7)")),
            Map.entry("eventbridge-anomaly-above-band-orders.json", new Expected(Delivery.EVENTBRIDGE,
                    "throttle-responder-orders-WriteThrottleEvents-anomaly", AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.UNKNOWN, true)),
            Map.entry("eventbridge-muted-write-provisioned-orders.json", new Expected(Delivery.EVENTBRIDGE,
                    "throttle-responder-orders-WriteProvisionedThroughputThrottleEvents", AlarmState.ALARM, "orders", null,
                    Operation.WRITE, Cause.PROVISIONED, false)),
            Map.entry("sns-composite-orders.json", ignored(Delivery.SNS, "throttle-responder-orders-throttling-composite",
                    "composite alarm throttle-responder-orders-throttling-composite")),
            Map.entry("sns-read-write-throttle-math-orders.json", new Expected(Delivery.SNS, "throttle-responder-orders-ThrottleEvents",
                    AlarmState.ALARM, "orders", null, null, Cause.UNKNOWN, true)),
            Map.entry("sns-write-consumed-absolute-orders.json", sns("throttle-responder-orders-ConsumedWriteCapacityUnits",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.UTILIZATION)),
            Map.entry("eventbridge-metrics-insights-parent.json", ignored(Delivery.EVENTBRIDGE,
                    "throttle-responder-all-tables-WriteThrottleEvents", "over several time series: its own state change is not answered")),
            Map.entry("eventbridge-contributor-write-throttle-orders.json", new Expected(Delivery.EVENTBRIDGE,
                    "throttle-responder-all-tables-WriteThrottleEvents", AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.UNKNOWN, true)),
            Map.entry("eventbridge-contributor-low-consumption-orders.json", ignored(Delivery.EVENTBRIDGE,
                    "throttle-responder-tables-low-write-consumption", "breached below its threshold")),
            Map.entry("alarm-action-contributor-write-throttle-sessions.json", new Expected(Delivery.ALARM_ACTION,
                    "throttle-responder-all-tables-WriteThrottleEvents", AlarmState.ALARM, "sessions", null, Operation.WRITE, Cause.UNKNOWN, true)),
            Map.entry("sns-contributor-read-throttle-orders-by-status.json", new Expected(Delivery.SNS,
                    "throttle-responder-all-indexes-ReadThrottleEvents", AlarmState.ALARM, "orders", "by-status", Operation.READ,
                    Cause.UNKNOWN, true)),
            Map.entry("sns-sensor-write-provisioned-orders.json", sns("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents-10s",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.PROVISIONED)),
            Map.entry("sns-sensor-write-key-range-orders.json", sns("throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents-10s",
                    AlarmState.ALARM, "orders", null, Operation.WRITE, Cause.KEY_RANGE)),
            Map.entry("sns-sensor-read-provisioned-orders-by-status.json",
                    sns("throttle-responder-orders-by-status-ReadProvisionedThroughputThrottleEvents-10s", AlarmState.ALARM,
                            "orders", "by-status", Operation.READ, Cause.PROVISIONED)));

    static List<String> eventFiles() {
        return EventFiles.alarmEvents();
    }

    private List<ParsedEvent> parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static AlarmNotification only(List<ParsedEvent> parsed) {
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0)).isInstanceOf(ParsedEvent.Alarm.class);
        return ((ParsedEvent.Alarm) parsed.get(0)).notification();
    }

    private static ParsedEvent.Rejected rejected(List<ParsedEvent> parsed) {
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0)).isInstanceOf(ParsedEvent.Rejected.class);
        return (ParsedEvent.Rejected) parsed.get(0);
    }

    /** A sample SNS file with its alarm message (the JSON string in Sns.Message) changed. */
    static String snsVariant(String file, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(EventFiles.bytes(file));
            ObjectNode sns = (ObjectNode) root.get("Records").get(0).get("Sns");
            ObjectNode message = (ObjectNode) JSON.readTree(sns.get("Message").asText());
            change.accept(message);
            sns.put("Message", JSON.writeValueAsString(message));
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sample EventBridge or alarm-action file with its JSON changed. */
    static String jsonVariant(String file, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(EventFiles.bytes(file));
            change.accept(root);
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String snsEnvelope(String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode sns = root.putArray("Records").addObject().put("EventSource", "aws:sns").putObject("Sns");
        sns.put("Type", "Notification");
        sns.put("Message", message);
        return root.toString();
    }

    @Nested
    class SampleEvents {

        @Test
        void expectations_coverExactlyTheFilesInEventsDirectory() {
            assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(EventFiles.alarmEvents());
        }

        @ParameterizedTest
        @MethodSource("io.throttleresponder.alarm.AlarmEventParserTest#eventFiles")
        void parse_sampleEvent_yieldsOneNotificationWithExpectedDeliveryNameAndState(String file) {
            Expected expected = EXPECTED.get(file);
            assertThat(expected).as("expectation for " + file).isNotNull();

            AlarmNotification alarm = only(parser.parse(EventFiles.bytes(file)));

            assertThat(alarm.delivery()).isEqualTo(expected.delivery());
            assertThat(alarm.alarmName()).isEqualTo(expected.alarmName());
            assertThat(alarm.state()).isEqualTo(expected.state());
            List<String> accountAndRegion = ELSEWHERE.getOrDefault(file, List.of("123456789012", "us-east-1"));
            assertThat(alarm.region()).isEqualTo(accountAndRegion.get(1));
            assertThat(alarm.accountId()).isEqualTo(accountAndRegion.get(0));
            assertThat(alarm.alarmArn()).isEqualTo("arn:aws:cloudwatch:" + accountAndRegion.get(1) + ":" + accountAndRegion.get(0)
                    + ":alarm:" + expected.alarmName());
            // A contributor's own event has no previousState (EventBridge, alarm action); SNS keeps OldStateValue.
            if (alarm.contributor() == null || alarm.delivery() == Delivery.SNS) {
                assertThat(alarm.previousState()).isNotNull().isNotEqualTo(alarm.state());
            }
            assertThat(alarm.stateChangeTime()).isBetween(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(alarm.metricStats().isEmpty())
                    .as("only a composite or Metrics Insights alarm reads no metric of its own")
                    .isEqualTo(alarm.isComposite() || alarm.metricsInsightsQuery() != null);
        }

        @ParameterizedTest
        @MethodSource("io.throttleresponder.alarm.AlarmEventParserTest#eventFiles")
        void diagnose_sampleEvent_findsTableIndexOperationAndCauseOfEventsReadme(String file) {
            Expected expected = EXPECTED.get(file);
            assertThat(expected).as("expectation for " + file).isNotNull();

            // As a deployment with the client sensor reads them: the sensor's sample alarms in its default namespace.
            Diagnosis diagnosis = Diagnoser.diagnose(EventFiles.notification(file), Optional.of(SensorMetrics.DEFAULT_NAMESPACE));

            if (expected.table() == null) {
                assertThat(diagnosis).isInstanceOf(Diagnosis.NotActionable.class);
                if (expected.ignoredBecause() != null) {
                    assertThat(((Diagnosis.NotActionable) diagnosis).reason()).contains(expected.ignoredBecause());
                }
                return;
            }
            assertThat(diagnosis).isInstanceOf(Diagnosis.Found.class);
            Incident incident = ((Diagnosis.Found) diagnosis).incident();
            assertThat(incident.resource()).isEqualTo(new ResourceId(expected.table(), expected.index()));
            assertThat(incident.operation()).isEqualTo(expected.operation());
            assertThat(incident.cause()).isEqualTo(expected.cause());
            assertThat(incident.aggregate()).isEqualTo(expected.aggregate());
        }

        @Test
        void parse_snsAndEventBridgeOfSameChange_giveSameStateChangeKey() {
            AlarmNotification sns = EventFiles.notification("sns-write-provisioned-orders.json");
            AlarmNotification eventBridge = EventFiles.notification("eventbridge-write-provisioned-orders.json");

            assertThat(sns.delivery()).isNotEqualTo(eventBridge.delivery());
            assertThat(sns.stateChangeKey()).isEqualTo(eventBridge.stateChangeKey())
                    .isEqualTo("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents|ALARM|"
                            + Instant.parse("2026-11-21T03:15:42.817Z").toEpochMilli());
        }

        @Test
        void parse_snsAndEventBridgeOfSameOkChange_giveSameStateChangeKey() {
            assertThat(EventFiles.notification("sns-ok-write-provisioned-orders.json").stateChangeKey())
                    .isEqualTo(EventFiles.notification("eventbridge-ok-write-provisioned-orders.json").stateChangeKey());
        }

        @Test
        void parse_separateTransitionsOfOneAlarm_giveDifferentStateChangeKeys() {
            assertThat(EventFiles.notification("sns-write-key-range-orders.json").stateChangeKey())
                    .isNotEqualTo(EventFiles.notification("alarm-action-write-key-range-orders.json").stateChangeKey());
            assertThat(EventFiles.notification("sns-write-provisioned-orders.json").stateChangeKey())
                    .isNotEqualTo(EventFiles.notification("sns-ok-write-provisioned-orders.json").stateChangeKey());
        }

        @Test
        void parse_snsSingleMetric_readsMetricThresholdAndReason() {
            AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");

            assertThat(alarm.metrics()).containsExactly(new MetricQuery("m1", "AWS/DynamoDB",
                    "WriteProvisionedThroughputThrottleEvents", Map.of("TableName", "orders"), "Sum", null, true, null, 60));
            assertThat(alarm.threshold()).isEqualTo(50.0);
            assertThat(alarm.reason()).startsWith("Threshold Crossed");
            assertThat(alarm.stateChangeTime()).isEqualTo(Instant.parse("2026-11-21T03:15:42.817Z"));
        }

        @Test
        void parse_eventBridge_readsThresholdFromReasonDataAndDimensionsObject() {
            AlarmNotification alarm = EventFiles.notification("eventbridge-write-utilization-orders.json");

            assertThat(alarm.threshold()).isEqualTo(80.0);
            assertThat(alarm.metrics()).extracting(MetricQuery::id).containsExactly("e1", "m1", "m2");
            assertThat(alarm.metrics().get(0).expression()).isEqualTo("(m1 / 60) / m2 * 100");
            assertThat(alarm.metricStats()).extracting(MetricQuery::metricName)
                    .containsExactly("ConsumedWriteCapacityUnits", "ProvisionedWriteCapacityUnits");
            assertThat(alarm.metricStats()).allSatisfy(m -> {
                assertThat(m.dimensions()).isEqualTo(Map.of("TableName", "orders"));
                assertThat(m.returnData()).isFalse();
            });
            assertThat(alarm.metricStats()).extracting(MetricQuery::stat).containsExactly("Sum", "Average");
        }

        @Test
        void parse_alarmAction_readsOpaqueMetricIdAndDimensions() {
            AlarmNotification alarm = EventFiles.notification("alarm-action-read-provisioned-orders.json");

            assertThat(alarm.metrics()).hasSize(1);
            MetricQuery metric = alarm.metrics().get(0);
            assertThat(metric.id()).isEqualTo("f5ec52ed-0108-8475-12e1-bc7656670b14");
            assertThat(metric.metricName()).isEqualTo("ReadProvisionedThroughputThrottleEvents");
            assertThat(metric.dimensions()).isEqualTo(Map.of("TableName", "orders"));
            assertThat(metric.returnData()).isTrue();
            assertThat(alarm.threshold()).isEqualTo(50.0);
        }
    }

    @Nested
    class PayloadKinds {

        @Test
        void parse_snsContributor_readsItsIdAttributesAndTheQuery() {
            AlarmNotification alarm = EventFiles.notification("sns-contributor-read-throttle-orders-by-status.json");

            assertThat(alarm.contributor()).isEqualTo(new Contributor("f3b9e0d1a2c45687",
                    Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status")));
            assertThat(alarm.metricsInsightsQuery()).startsWith("SELECT SUM(ReadThrottleEvents) FROM SCHEMA(");
            assertThat(alarm.metrics().get(0).period()).isEqualTo(60);
            assertThat(alarm.datapoints()).containsExactly(122.0);
            assertThat(alarm.source()).isEqualTo("throttle-responder-all-indexes-ReadThrottleEvents/f3b9e0d1a2c45687");
        }

        @Test
        void parse_eventBridgeContributorStateChange_isAnAlarmWithoutPreviousState() {
            AlarmNotification alarm = EventFiles.notification("eventbridge-contributor-write-throttle-orders.json");

            assertThat(alarm.contributor()).isEqualTo(new Contributor("6d442278dba546f6", Map.of("TableName", "orders")));
            assertThat(alarm.previousState()).isNull();
            assertThat(alarm.datapoints()).containsExactly(214.0);
        }

        @Test
        void parse_alarmActionContributor_readsAlarmDataAlarmContributor() {
            assertThat(EventFiles.notification("alarm-action-contributor-write-throttle-sessions.json").contributor())
                    .isEqualTo(new Contributor("a91f03c2b7d64e55", Map.of("TableName", "sessions")));
        }

        @Test
        void parse_contributorsOfOneAlarmAtOneTime_haveDifferentStateChangeKeys() {
            AlarmNotification orders = EventFiles.notification("eventbridge-contributor-write-throttle-orders.json");
            AlarmNotification sessions = EventFiles.notification("alarm-action-contributor-write-throttle-sessions.json");

            assertThat(orders.stateChangeTime()).isEqualTo(sessions.stateChangeTime());
            assertThat(orders.stateChangeKey()).isNotEqualTo(sessions.stateChangeKey()).contains("6d442278dba546f6");
        }

        @Test
        void parse_contributorAttributesNotAnObject_isRejected() {
            String event = snsVariant("sns-contributor-read-throttle-orders-by-status.json",
                    m -> m.put("AlarmContributorAttributes", "orders"));

            assertThat(rejected(parse(event)).reason()).contains("AlarmContributorAttributes must be an object");
        }

        @Test
        void parse_muteDetail_readsTheRuleFromItsArnAndTheWindow() {
            Mute mute = EventFiles.notification("eventbridge-muted-write-provisioned-orders.json").mute();

            assertThat(mute).isEqualTo(new Mute("orders-load-test", Instant.parse("2026-11-22T06:00:00Z"),
                    Instant.parse("2026-11-22T08:00:00Z")));
            assertThat(mute.covers(Instant.parse("2026-11-22T06:05:31.204Z"))).isTrue();
            assertThat(mute.covers(Instant.parse("2026-11-22T08:00:00Z"))).isFalse();
        }

        @Test
        void parse_muteDetailWithoutItsRule_isRejected() {
            String event = jsonVariant("eventbridge-muted-write-provisioned-orders.json",
                    root -> ((ObjectNode) root.get("detail").get("muteDetail")).remove("mutedByArn"));

            assertThat(rejected(parse(event)).reason()).contains("missing field mutedByArn");
        }

        @Test
        void parse_snsCompositeAlarm_isAnAlarmWithItsRuleAndNoMetrics() {
            AlarmNotification alarm = EventFiles.notification("sns-composite-orders.json");

            assertThat(alarm.isComposite()).isTrue();
            assertThat(alarm.alarmRule()).startsWith("ALARM(\"throttle-responder-orders-WriteProvisionedThroughputThrottleEvents\") OR");
            assertThat(alarm.metrics()).isEmpty();
        }

        @Test
        void parse_alarmActionOfACompositeAlarm_isAnAlarmWithItsRule() {
            String event = jsonVariant("alarm-action-write-key-range-orders.json", root -> {
                ObjectNode configuration = JSON.createObjectNode();
                configuration.put("alarmRule", "ALARM(throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents)");
                ((ObjectNode) root.get("alarmData")).set("configuration", configuration);
            });

            AlarmNotification alarm = only(parse(event));

            assertThat(alarm.isComposite()).isTrue();
            assertThat(((Diagnosis.NotActionable) Diagnoser.diagnose(alarm)).reason())
                    .startsWith("composite alarm throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents (ALARM(");
        }

        @Test
        void parse_snsAnomalyAlarm_readsOperatorDatapointAndBandFromTheReason() {
            AlarmNotification alarm = EventFiles.notification("sns-anomaly-below-band-orders.json");

            assertThat(alarm.comparisonOperator()).isEqualTo("LessThanLowerOrGreaterThanUpperThreshold");
            assertThat(alarm.datapoints()).containsExactly(12.0);
            assertThat(alarm.band()).isEqualTo(new AnomalyBand(1408.7, 2911.4));
            assertThat(alarm.threshold()).isNull();
        }

        @Test
        void parse_eventBridgeAnomalyAlarm_readsTheBandFromReasonData() {
            AlarmNotification alarm = EventFiles.notification("eventbridge-anomaly-above-band-orders.json");

            assertThat(alarm.band()).isEqualTo(new AnomalyBand(0.0, 24.5));
            assertThat(alarm.datapoints()).containsExactly(340.0);
        }

        @Test
        void parse_crossAccountMetric_readsItsAccountId() {
            assertThat(EventFiles.notification("sns-cross-account-metric-orders.json").metrics().get(0).accountId())
                    .isEqualTo("775096123702");
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
                "Threshold Crossed: 1 out of the last 1 datapoints [212.0 (21/11/26 03:14:00)] was greater than the threshold (50.0)|212.0",
                "Threshold Crossed: 3 datapoints were greater than the threshold (0.0). The most recent datapoints which crossed the threshold: [32.6 (03/07/25 08:29:00), 30.1 (03/07/25 08:28:00)].|32.6;30.1",
                "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].|",
        })
        void datapointsOf_readsTheBracketedValuesOfAReason(String reason, String expected) {
            List<Double> values = expected == null ? List.of()
                    : Stream.of(expected.split(";")).map(Double::parseDouble).toList();

            assertThat(StateReason.datapointsOf(reason)).containsExactlyElementsOf(values);
        }
    }

    @Nested
    class Variants {

        @Test
        void parse_snsWithUpperCaseStatistic_normalizesToSum() {
            AlarmNotification alarm = EventFiles.notification("sns-read-throttle-aggregate-orders.json");

            assertThat(alarm.metrics().get(0).stat()).isEqualTo("Sum");
        }

        @ParameterizedTest
        @ValueSource(strings = {"SUM", "sum", "Sum", " SUM "})
        void parse_snsStatisticInAnyCase_normalizesToSum(String statistic) {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json",
                    m -> ((ObjectNode) m.get("Trigger")).put("Statistic", statistic))));

            assertThat(alarm.metrics().get(0).stat()).isEqualTo("Sum");
        }

        @Test
        void parse_snsWithUpperCaseAverage_normalizesToAverage() {
            AlarmNotification alarm = EventFiles.notification("sns-non-dynamodb.json");

            assertThat(alarm.metrics().get(0).stat()).isEqualTo("Average");
            assertThat(alarm.metrics().get(0).namespace()).isEqualTo("AWS/EC2");
        }

        @Test
        void parse_snsWithExtendedStatisticOnly_keepsPercentile() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                ObjectNode trigger = (ObjectNode) m.get("Trigger");
                trigger.remove("Statistic");
                trigger.put("ExtendedStatistic", "p99");
            })));

            assertThat(alarm.metrics().get(0).stat()).isEqualTo("p99");
        }

        @Test
        void parse_snsWithNullUnitAndNullDescription_parses() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                m.putNull("AlarmDescription");
                ((ObjectNode) m.get("Trigger")).putNull("Unit");
            })));

            assertThat(alarm.alarmName()).isEqualTo("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
            assertThat(alarm.metrics().get(0).metricName()).isEqualTo("WriteProvisionedThroughputThrottleEvents");
        }

        @Test
        void parse_snsWithNullReasonAndThreshold_leavesThemNull() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                m.putNull("NewStateReason");
                ((ObjectNode) m.get("Trigger")).remove("Threshold");
            })));

            assertThat(alarm.reason()).isNull();
            assertThat(alarm.threshold()).isNull();
        }

        @Test
        void parse_snsWithLowerCaseDimensionKeys_readsDimensions() {
            // The sample files write {"value": ..., "name": ...} as real notifications do.
            String json = new String(EventFiles.bytes("sns-read-provisioned-orders-by-status.json"), StandardCharsets.UTF_8);
            assertThat(json).contains("\\\"name\\\":\\\"GlobalSecondaryIndexName\\\"");

            AlarmNotification alarm = only(parse(json));

            assertThat(alarm.metrics().get(0).dimensions())
                    .isEqualTo(Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status"));
        }

        @Test
        void parse_snsWithCapitalizedDimensionKeys_readsSameDimensions() {
            AlarmNotification alarm = only(parse(snsVariant("sns-read-provisioned-orders-by-status.json", m -> {
                ArrayNode dims = ((ObjectNode) m.get("Trigger")).putArray("Dimensions");
                dims.addObject().put("Name", "TableName").put("Value", "orders");
                dims.addObject().put("Name", "GlobalSecondaryIndexName").put("Value", "by-status");
            })));

            assertThat(alarm.metrics().get(0).dimensions())
                    .isEqualTo(Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status"));
        }

        @Test
        void parse_snsWithRegionDisplayNameAndNoArn_mapsToRegionCode() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                m.remove("AlarmArn");
                m.put("Region", "US East (N. Virginia)");
            })));

            assertThat(alarm.alarmArn()).isNull();
            assertThat(alarm.region()).isEqualTo("us-east-1");
        }

        @Test
        void parse_snsWithOtherRegionDisplayNameAndNoArn_mapsToItsCode() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                m.remove("AlarmArn");
                m.put("Region", "Europe (Ireland)");
            })));

            assertThat(alarm.region()).isEqualTo("eu-west-1");
        }

        @Test
        void parse_snsWithRegionCodeAndNoArn_keepsCode() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                m.remove("AlarmArn");
                m.put("Region", "ap-southeast-2");
            })));

            assertThat(alarm.region()).isEqualTo("ap-southeast-2");
        }

        @Test
        void parse_snsWithArn_takesRegionFromArn() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                m.put("AlarmArn", "arn:aws:cloudwatch:eu-central-1:123456789012:alarm:x");
                m.put("Region", "US East (N. Virginia)");
            })));

            assertThat(alarm.region()).isEqualTo("eu-central-1");
        }

        @Test
        void parse_snsWithoutArnOrRegion_leavesRegionNull() {
            AlarmNotification alarm = only(parse(snsVariant("sns-write-provisioned-orders.json", m -> {
                m.remove("AlarmArn");
                m.remove("Region");
            })));

            assertThat(alarm.region()).isNull();
        }

        @Test
        void parse_snsMetricMathTrigger_readsExpressionAndMetricStats() {
            AlarmNotification alarm = EventFiles.notification("sns-read-utilization-orders-by-status.json");

            assertThat(alarm.metrics()).hasSize(3);
            MetricQuery expression = alarm.metrics().get(0);
            assertThat(expression.isExpression()).isTrue();
            assertThat(expression.returnData()).isTrue();
            assertThat(expression.namespace()).isNull();
            assertThat(alarm.metricStats()).hasSize(2).allSatisfy(m -> {
                assertThat(m.namespace()).isEqualTo("AWS/DynamoDB");
                assertThat(m.returnData()).isFalse();
                assertThat(m.dimensions()).isEqualTo(Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status"));
            });
            assertThat(alarm.metricStats()).extracting(MetricQuery::metricName)
                    .containsExactlyInAnyOrder("ConsumedReadCapacityUnits", "ProvisionedReadCapacityUnits");
        }

        @Test
        void parse_snsLatencyMetricMath_keepsEachOperationDimension() {
            AlarmNotification alarm = EventFiles.notification("sns-latency-orders.json");

            assertThat(alarm.metricStats()).extracting(m -> m.dimension("Operation"))
                    .containsExactly("GetItem", "PutItem", "Query");
            assertThat(alarm.metrics().get(0).expression()).isEqualTo("AVG([m1, m2, m3])");
        }

        @Test
        void parse_snsEventWithTwoRecords_parsesEachAndRejectsOnlyTheBadOne() {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(EventFiles.bytes("sns-write-provisioned-orders.json"));
                ArrayNode records = (ArrayNode) root.get("Records");
                ObjectNode bad = records.get(0).deepCopy();
                ((ObjectNode) bad.get("Sns")).put("Message", "not json");
                records.add(bad);

                List<ParsedEvent> parsed = parser.parse(JSON.writeValueAsBytes(root));

                assertThat(parsed).hasSize(2);
                assertThat(parsed.get(0)).isInstanceOf(ParsedEvent.Alarm.class);
                assertThat(parsed.get(1)).isInstanceOf(ParsedEvent.Rejected.class);
                assertThat(parsed.get(1).delivery()).isEqualTo(Delivery.SNS);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class Malformed {

        static Stream<Arguments> malformedEvents() {
            String deep = "[".repeat(AlarmEventParser.MAX_NESTING_DEPTH + 8) + "]".repeat(AlarmEventParser.MAX_NESTING_DEPTH + 8);
            String deepMessage = "{\"AlarmName\":" + deep + "}";
            return Stream.of(
                    Arguments.of("empty body", "", null, "empty event"),
                    Arguments.of("whitespace", " \n\t\r ", null, "empty event"),
                    Arguments.of("not JSON", "this is not json", null, "not JSON"),
                    Arguments.of("truncated JSON", "{\"Records\": [", null, "not JSON"),
                    Arguments.of("JSON array", "[{\"Records\":[]}]", null, "not a JSON object"),
                    Arguments.of("JSON string", "\"ALARM\"", null, "not a JSON object"),
                    Arguments.of("unknown delivery shape", "{\"hello\":\"world\"}", null, "unknown event shape"),
                    Arguments.of("other EventBridge event", "{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}",
                            null, "unknown event shape"),
                    Arguments.of("SNS without records", "{\"Records\":[]}", Delivery.SNS, "no Records"),
                    Arguments.of("SNS records not a list", "{\"Records\":{}}", Delivery.SNS, "no Records"),
                    Arguments.of("SNS record without Sns", "{\"Records\":[{\"EventSource\":\"aws:sqs\",\"body\":\"x\"}]}",
                            Delivery.SNS, "no Sns object"),
                    Arguments.of("SNS record without Message", "{\"Records\":[{\"Sns\":{\"Type\":\"Notification\"}}]}",
                            Delivery.SNS, "missing field Message"),
                    Arguments.of("SNS Message not JSON", snsEnvelope("Hello from the console"), Delivery.SNS, "SNS Message is not JSON"),
                    Arguments.of("SNS Message JSON but not an alarm", snsEnvelope("{\"greeting\":\"hello\"}"), Delivery.SNS,
                            "not a CloudWatch alarm notification"),
                    Arguments.of("SNS Message a JSON array", snsEnvelope("[1,2]"), Delivery.SNS, "not a CloudWatch alarm notification"),
                    Arguments.of("SNS Message nested too deep", snsEnvelope(deepMessage), Delivery.SNS, "nesting depth"),
                    Arguments.of("missing Trigger", snsVariant("sns-write-provisioned-orders.json", m -> m.remove("Trigger")),
                            Delivery.SNS, "neither a Trigger object nor an AlarmRule"),
                    Arguments.of("Trigger not an object", snsVariant("sns-write-provisioned-orders.json", m -> m.put("Trigger", "x")),
                            Delivery.SNS, "neither a Trigger object nor an AlarmRule"),
                    Arguments.of("missing AlarmName", snsVariant("sns-write-provisioned-orders.json", m -> m.remove("AlarmName")),
                            Delivery.SNS, "not a CloudWatch alarm notification"),
                    Arguments.of("blank AlarmName", snsVariant("sns-write-provisioned-orders.json", m -> m.put("AlarmName", " ")),
                            Delivery.SNS, "missing field AlarmName"),
                    Arguments.of("AlarmName a number", snsVariant("sns-write-provisioned-orders.json", m -> m.put("AlarmName", 42)),
                            Delivery.SNS, "AlarmName must be a string"),
                    Arguments.of("AlarmName an object", snsVariant("sns-write-provisioned-orders.json",
                            m -> m.putObject("AlarmName").put("name", "x")), Delivery.SNS, "AlarmName must be a string"),
                    Arguments.of("AlarmName a boolean", snsVariant("sns-write-provisioned-orders.json", m -> m.put("AlarmName", true)),
                            Delivery.SNS, "AlarmName must be a string"),
                    Arguments.of("Dimensions not a list", snsVariant("sns-write-provisioned-orders.json",
                            m -> ((ObjectNode) m.get("Trigger")).putObject("Dimensions").put("TableName", "orders")),
                            Delivery.SNS, "Dimensions must be a list"),
                    Arguments.of("dimension without value", snsVariant("sns-write-provisioned-orders.json", m -> {
                                ArrayNode dims = ((ObjectNode) m.get("Trigger")).putArray("Dimensions");
                                dims.addObject().put("name", "TableName");
                            }), Delivery.SNS, "missing field value"),
                    Arguments.of("MetricName missing", snsVariant("sns-write-provisioned-orders.json",
                            m -> ((ObjectNode) m.get("Trigger")).remove("MetricName")), Delivery.SNS, "missing field MetricName"),
                    Arguments.of("Threshold not a number", snsVariant("sns-write-provisioned-orders.json",
                            m -> ((ObjectNode) m.get("Trigger")).put("Threshold", "fifty")), Delivery.SNS, "Threshold must be a number"),
                    Arguments.of("ReturnData not a boolean", snsVariant("sns-write-utilization-orders.json",
                            m -> ((ObjectNode) m.get("Trigger").get("Metrics").get(0)).put("ReturnData", "yes")),
                            Delivery.SNS, "ReturnData must be true or false"),
                    Arguments.of("metric without MetricStat", snsVariant("sns-write-utilization-orders.json",
                            m -> ((ObjectNode) m.get("Trigger").get("Metrics").get(1)).remove("MetricStat")),
                            Delivery.SNS, "missing field MetricStat"),
                    Arguments.of("unknown state value", snsVariant("sns-write-provisioned-orders.json",
                            m -> m.put("NewStateValue", "PANIC")), Delivery.SNS, "unknown alarm state 'PANIC'"),
                    Arguments.of("unknown old state value", snsVariant("sns-write-provisioned-orders.json",
                            m -> m.put("OldStateValue", "MAYBE")), Delivery.SNS, "unknown alarm state 'MAYBE'"),
                    Arguments.of("bad timestamp", snsVariant("sns-write-provisioned-orders.json",
                            m -> m.put("StateChangeTime", "yesterday at noon")), Delivery.SNS, "StateChangeTime 'yesterday at noon' is not a timestamp"),
                    Arguments.of("timestamp without offset", snsVariant("sns-write-provisioned-orders.json",
                            m -> m.put("StateChangeTime", "2026-11-21T03:15:42.817")), Delivery.SNS, "is not a timestamp"),
                    Arguments.of("EventBridge without detail", jsonVariant("eventbridge-write-provisioned-orders.json",
                            r -> r.remove("detail")), Delivery.EVENTBRIDGE, "missing field detail"),
                    Arguments.of("EventBridge without alarmName", jsonVariant("eventbridge-write-provisioned-orders.json",
                            r -> ((ObjectNode) r.get("detail")).remove("alarmName")), Delivery.EVENTBRIDGE, "missing field alarmName"),
                    Arguments.of("EventBridge alarmName a number", jsonVariant("eventbridge-write-provisioned-orders.json",
                            r -> ((ObjectNode) r.get("detail")).put("alarmName", 7)), Delivery.EVENTBRIDGE, "alarmName must be a string"),
                    Arguments.of("EventBridge state not an object", jsonVariant("eventbridge-write-provisioned-orders.json",
                            r -> ((ObjectNode) r.get("detail")).put("state", "ALARM")), Delivery.EVENTBRIDGE, "state must be an object"),
                    Arguments.of("EventBridge unknown state", jsonVariant("eventbridge-write-provisioned-orders.json",
                            r -> ((ObjectNode) r.get("detail").get("state")).put("value", "RED")), Delivery.EVENTBRIDGE,
                            "unknown alarm state 'RED'"),
                    Arguments.of("EventBridge bad timestamp", jsonVariant("eventbridge-write-provisioned-orders.json",
                            r -> ((ObjectNode) r.get("detail").get("state")).put("timestamp", "2026-13-45")),
                            Delivery.EVENTBRIDGE, "state.timestamp '2026-13-45' is not a timestamp"),
                    Arguments.of("alarm action alarmData not an object", jsonVariant("alarm-action-read-provisioned-orders.json",
                            r -> r.putArray("alarmData")), Delivery.ALARM_ACTION, "alarmData must be an object"),
                    Arguments.of("alarm action metric without metricStat", jsonVariant("alarm-action-read-provisioned-orders.json",
                            r -> ((ObjectNode) r.get("alarmData").get("configuration").get("metrics").get(0)).remove("metricStat")),
                            Delivery.ALARM_ACTION, "missing field metricStat"),
                    Arguments.of("nesting deeper than the limit", "{\"Records\":" + deep + "}", null, "nesting depth"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("malformedEvents")
        void parse_malformedEvent_isRejectedWithReasonNeverThrown(String description, String event, Delivery delivery,
                                                                  String reason) {
            List<ParsedEvent> parsed = assertNoThrow(event.getBytes(StandardCharsets.UTF_8));

            ParsedEvent.Rejected rejected = rejected(parsed);
            assertThat(rejected.reason()).contains(reason);
            assertThat(rejected.delivery()).isEqualTo(delivery);
        }

        @Test
        void parse_eventOverSizeLimit_isRejectedBeforeParsing() {
            String padding = "a".repeat(AlarmEventParser.MAX_EVENT_BYTES);
            byte[] event = ("{\"Records\":[],\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(event.length).isGreaterThan(AlarmEventParser.MAX_EVENT_BYTES);

            ParsedEvent.Rejected rejected = rejected(assertNoThrow(event));

            assertThat(rejected.reason()).contains("exceeds").contains(String.valueOf(AlarmEventParser.MAX_EVENT_BYTES));
            assertThat(rejected.delivery()).isNull();
        }

        @Test
        void parse_eventJustUnderSizeLimit_isNotRejectedForSize() {
            String message = snsVariant("sns-write-provisioned-orders.json", m -> m.put("AlarmDescription", ""));
            int room = AlarmEventParser.MAX_EVENT_BYTES - message.length() - 40;
            String padded = snsVariant("sns-write-provisioned-orders.json", m -> m.put("AlarmDescription", "d".repeat(room)));
            assertThat(padded.length()).isLessThanOrEqualTo(AlarmEventParser.MAX_EVENT_BYTES);

            assertThat(only(parse(padded)).alarmName()).isEqualTo("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
        }

        @Test
        void parse_nestingAtTheLimit_isAccepted() {
            // The envelope takes three levels ({"Records": [{ ... }]}); the arrays inside fill the rest to the limit.
            String nested = "[".repeat(AlarmEventParser.MAX_NESTING_DEPTH - 3) + "]".repeat(AlarmEventParser.MAX_NESTING_DEPTH - 3);
            ParsedEvent.Rejected rejected = rejected(assertNoThrow(
                    ("{\"Records\":[{\"Sns\":{\"Message\":\"x\"},\"extra\":" + nested + "}]}").getBytes(StandardCharsets.UTF_8)));

            assertThat(rejected.reason()).doesNotContain("nesting").contains("SNS Message is not JSON");
        }

        @Test
        void parse_snsMessageNestedFarPastTheLimit_isRejectedAtTheLimit_notParsedToTheEnd() {
            // The Message is parsed by a second readTree: it is bounded as the event is. Never closed, so a
            // parser that went on to the end would report end-of-input rather than the depth.
            String message = "{\"AlarmName\":" + "[".repeat(200_000);

            ParsedEvent.Rejected rejected = rejected(assertNoThrow(snsEnvelope(message).getBytes(StandardCharsets.UTF_8)));

            assertThat(rejected.reason()).contains("SNS Message is not JSON", "nesting depth",
                    "(" + AlarmEventParser.MAX_NESTING_DEPTH + ",");
        }

        @Test
        void parse_eventBridgeReasonDataNestedPastTheLimit_isNotParsed_andTheAlarmStillIs() {
            // reasonData is a third JSON document inside the event (a string, like the SNS Message): it is read
            // under the same nesting limit. Past it the threshold is unknown; the alarm itself is fine.
            String deep = "[".repeat(AlarmEventParser.MAX_NESTING_DEPTH + 8) + "]".repeat(AlarmEventParser.MAX_NESTING_DEPTH + 8);
            String event = jsonVariant("eventbridge-write-provisioned-orders.json", r -> ((ObjectNode) r.get("detail").get("state"))
                    .put("reasonData", "{\"threshold\": 50.0, \"evaluatedDatapoints\": " + deep + "}"));

            AlarmNotification alarm = only(assertNoThrow(event.getBytes(StandardCharsets.UTF_8)));

            assertThat(alarm.alarmName()).isEqualTo("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
            assertThat(alarm.threshold()).isNull();
        }

        private List<ParsedEvent> assertNoThrow(byte[] event) {
            List<List<ParsedEvent>> holder = new java.util.ArrayList<>();
            assertThatCode(() -> holder.add(parser.parse(event))).doesNotThrowAnyException();
            return holder.get(0);
        }
    }

    @Test
    void normalizeStatistic_knownStatistics_useCloudWatchSpelling() {
        Map<String, String> normalized = Stream.of("SUM", "AVERAGE", "MINIMUM", "MAXIMUM", "SAMPLE_COUNT", "SampleCount", "p99")
                .collect(Collectors.toMap(s -> s, AlarmFields::normalizeStatistic));

        assertThat(normalized).containsEntry("SUM", "Sum").containsEntry("AVERAGE", "Average")
                .containsEntry("MINIMUM", "Minimum").containsEntry("MAXIMUM", "Maximum")
                .containsEntry("SAMPLE_COUNT", "SampleCount").containsEntry("SampleCount", "SampleCount")
                .containsEntry("p99", "p99");
        assertThat(AlarmFields.normalizeStatistic(null)).isNull();
    }
}
