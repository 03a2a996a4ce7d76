package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.ThrottleResponder.WatchOptions;
import io.throttleresponder.infra.config.ConfigException;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.SensorConfig;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The stack for src/test/resources/sensor-config.json: the client sensor's 10-second alarms and log groups. */
class SensorAlarmsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CONFIG = Path.of("src/test/resources/sensor-config.json");

    @TempDir
    static Path functionCode;
    private static Template template;

    @BeforeAll
    static void synthesize() throws Exception {
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        template = ThrottleResponderApp.synthesize(CONFIG, functionCode);
    }

    private static List<JsonNode> alarms(Template template) {
        List<JsonNode> alarms = new ArrayList<>();
        template.findResources("AWS::CloudWatch::Alarm").values()
                .forEach(alarm -> alarms.add(JSON.valueToTree(alarm).get("Properties")));
        return alarms;
    }

    private static List<JsonNode> sensorAlarms(Template template) {
        return alarms(template).stream().filter(a -> a.get("AlarmName").asText().endsWith("-10s")).toList();
    }

    private static JsonNode alarm(String name) {
        return alarms(template).stream().filter(a -> a.get("AlarmName").asText().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> dimensions(JsonNode alarm) {
        Map<String, String> dimensions = new java.util.LinkedHashMap<>();
        alarm.get("Dimensions").forEach(d -> dimensions.put(d.get("Name").asText(), d.get("Value").asText()));
        return dimensions;
    }

    @Test
    void eachTableAndIndex_getsOneAlarmPerThrottlingReasonItsBillingModeCanGive() {
        List<String> reasons = sensorAlarms(template).stream().map(a -> dimensions(a).get("Reason")).toList();

        assertThat(reasons).hasSize(6 + 6 + 6).containsExactlyInAnyOrder(
                "TableReadKeyRangeThroughputExceeded", "TableWriteKeyRangeThroughputExceeded",
                "TableReadProvisionedThroughputExceeded", "TableWriteProvisionedThroughputExceeded",
                "TableReadAccountLimitExceeded", "TableWriteAccountLimitExceeded",
                "IndexReadKeyRangeThroughputExceeded", "IndexWriteKeyRangeThroughputExceeded",
                "IndexReadProvisionedThroughputExceeded", "IndexWriteProvisionedThroughputExceeded",
                "IndexReadAccountLimitExceeded", "IndexWriteAccountLimitExceeded",
                "TableReadKeyRangeThroughputExceeded", "TableWriteKeyRangeThroughputExceeded",
                "TableReadMaxOnDemandThroughputExceeded", "TableWriteMaxOnDemandThroughputExceeded",
                "TableReadAccountLimitExceeded", "TableWriteAccountLimitExceeded");
    }

    @Test
    void aSensorAlarm_sumsTheSensorsMetricOverTenSeconds_withTheThresholdScaledFromPerMinute() {
        JsonNode alarm = alarm("test-sensor-orders-orders-by-status-WriteProvisionedThroughputThrottleEvents-10s");

        assertThat(alarm.get("Namespace").asText()).isEqualTo("Checkout/ThrottleSensor");
        assertThat(alarm.get("MetricName").asText()).isEqualTo("ThrottledRequests");
        assertThat(dimensions(alarm)).containsOnly(Map.entry("TableName", "orders"),
                Map.entry("GlobalSecondaryIndexName", "orders-by-status"),
                Map.entry("Reason", "IndexWriteProvisionedThroughputExceeded"));
        assertThat(alarm.get("Period").asInt()).isEqualTo(10);
        assertThat(alarm.get("Statistic").asText()).isEqualTo("Sum");
        assertThat(alarm.get("Threshold").asDouble()).isEqualTo(5.0);
        assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(1);
        assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("notBreaching");
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
    }

    @Test
    void sensorAlarms_notifyTheAlarmTopic_onAlarmAndOnOk_asTheOneMinuteAlarmsDo() {
        JsonNode sensor = alarm("test-sensor-sessions-WriteMaxOnDemandThroughputThrottleEvents-10s");
        JsonNode minute = alarm("test-sensor-sessions-WriteMaxOnDemandThroughputThrottleEvents");

        assertThat(sensor.get("AlarmActions")).isEqualTo(minute.get("AlarmActions")).hasSize(1);
        assertThat(sensor.get("OKActions")).isEqualTo(minute.get("OKActions")).hasSize(1);
    }

    @Test
    void withoutSensor_noTenSecondAlarm() throws Exception {
        Template plain = ThrottleResponderApp.synthesize(Path.of("src/test/resources/test-config.json"), functionCode);

        assertThat(sensorAlarms(plain)).isEmpty();
        assertThat(alarms(plain)).allSatisfy(alarm -> assertThat(alarm.path("Period").asInt(60)).isGreaterThanOrEqualTo(60));
    }

    @Test
    void theLogGroups_areTheOnlyOnesTheFunctionsMayQuery() {
        List<JsonNode> statements = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").values().forEach(policy -> JSON.valueToTree(policy)
                .at("/Properties/PolicyDocument/Statement").forEach(statements::add));
        List<JsonNode> startQuery = statements.stream().filter(s -> s.path("Sid").asText().equals("ApplicationLogGroups")).toList();
        List<JsonNode> results = statements.stream().filter(s -> s.path("Sid").asText().equals("ApplicationLogQueries")).toList();

        assertThat(startQuery).hasSize(2).allSatisfy(statement -> {
            assertThat(statement.get("Action")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("logs:StartQuery", "logs:GetQueryResults");
            assertThat(statement.get("Resource")).hasSize(4);
            assertThat(statement.get("Resource").toString()).contains(":log-group:/aws/lambda/orders-api\"",
                    ":log-group:/aws/lambda/orders-api:*\"", ":log-group:/ecs/checkout\"").doesNotContain("log-group:*");
        });
        assertThat(results).hasSize(2).allSatisfy(statement -> {
            assertThat(statement.get("Action").asText()).isEqualTo("logs:StopQuery");
            assertThat(statement.get("Resource").asText()).isEqualTo("*");
        });
    }

    @Test
    void thePolicyTheFunctionsRead_carriesTheSensor() throws Exception {
        Path assembly = ThrottleResponderApp.synthesizeAssembly(CONFIG, functionCode);
        JsonNode policy = PolicyLayerContent.policy(PolicyLayerContent.template(assembly, "test-sensor"), assembly);

        assertThat(policy.get("sensor")).isEqualTo(JSON.readTree("{\"namespace\":\"Checkout/ThrottleSensor\","
                + "\"logGroups\":[\"/aws/lambda/orders-api\",\"/ecs/checkout\"]}"));
    }

    @Test
    void sensorAlarms_countTowardsTheStacksAlarms() {
        WatchedTable table = new WatchedTable("t-" + 0, BillingMode.PROVISIONED, List.of(), Thresholds.SEED,
                ConfigLoader.DEFAULT_LATENCY_OPERATIONS, Map.of());
        List<WatchedTable> tables = IntStream.range(0, 20).mapToObj(i -> new WatchedTable("table-" + i, BillingMode.PROVISIONED,
                List.of(), Thresholds.SEED, ConfigLoader.DEFAULT_LATENCY_OPERATIONS, Map.of())).toList();
        int plain = WatchedTarget.of(table).get(0).alarmCount(false);
        int withSensor = WatchedTarget.of(table).get(0).alarmCount(true);

        AlarmFootprint without = new AlarmFootprint("d", Optional.empty());
        AlarmFootprint with = new AlarmFootprint("d", Optional.of(new SensorConfig("ThrottleSensor", List.of())));
        StackSplit.Budget tenTables = new StackSplit.Budget(10 * plain, Long.MAX_VALUE);

        assertThat(withSensor).isEqualTo(plain + 6);
        assertThat(with.resources(table)).isEqualTo(withSensor);
        assertThat(StackSplit.alarmGroups(tables, tenTables, tenTables, without::resources, any -> 0L)).hasSize(2);
        assertThat(StackSplit.alarmGroups(tables, tenTables, tenTables, with::resources, any -> 0L).get(0))
                .hasSize(10 * plain / withSensor);
    }

    @Test
    void aBadNamespaceOrLogGroup_failsSynthNamingIt() {
        String valid = "{\"notifications\": {\"emails\": [\"oncall@example.com\"]}, \"tables\": [{\"name\": \"orders\", \"billingMode\": \"PROVISIONED\"}],"
                + " \"sensor\": %s}";
        assertThatThrownBy(() -> ConfigLoader.parse(CONFIG, valid.formatted("{\"namespace\": \"AWS/DynamoDB\"}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("sensor.namespace: \"AWS/DynamoDB\" is not a custom CloudWatch namespace: 1-255 of"
                                + " letters, digits, . - _ / # : or space, not starting with AWS/"));
        assertThatThrownBy(() -> ConfigLoader.parse(CONFIG, valid.formatted("{\"logGroups\": [\"/aws/lambda/a b\"]}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "sensor.logGroups[0]: \"/aws/lambda/a b\" is not a log group name: 1-512 of letters, digits, . - _ / #"));
        String eleven = String.join(", ", IntStream.range(0, 11).mapToObj(i -> "\"/app/" + i + "\"").toList());
        assertThatThrownBy(() -> ConfigLoader.parse(CONFIG, valid.formatted("{\"logGroups\": [" + eleven + "]}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "sensor.logGroups: 11 log groups; one Logs Insights query reads at most 10"));
        assertThatThrownBy(() -> ConfigLoader.parse(CONFIG, valid.formatted("{\"logGroup\": \"/app\"}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(problem -> assertThat(problem).startsWith("sensor.logGroup: unknown key")));
    }

    @Test
    void theConstruct_takesTheSensorToo() {
        Stack stack = new Stack(ThrottleResponderApp.newApp(), "WithSensor");
        ThrottleResponder.Builder.create(stack, "Responder").notificationEmails(List.of("oncall@example.com"))
                .functionCode(functionCode).sensor("ThrottleSensor", List.of("/aws/lambda/orders-api")).build()
                .watch("orders", WatchOptions.builder().build());

        List<JsonNode> sensorAlarms = sensorAlarms(Template.fromStack(stack));
        assertThat(sensorAlarms).hasSize(6).allSatisfy(alarm -> assertThat(alarm.get("Namespace").asText()).isEqualTo("ThrottleSensor"));
        assertThatThrownBy(() -> ThrottleResponder.Builder.create(new Stack(ThrottleResponderApp.newApp(), "Bad"), "Responder")
                .sensor("AWS/Lambda", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"AWS/Lambda\" is not a custom CloudWatch namespace");
    }
}
