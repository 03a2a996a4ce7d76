package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.infra.AlarmSignal;
import io.throttleresponder.infra.ThrottleResponderApp;
import io.throttleresponder.infra.WatchedTarget;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.WatchedTable;
import io.throttleresponder.model.Cause;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.scenario.ScenarioAlarms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract between infra and functions: every alarm the stacks create, delivered the way
 * CloudWatch delivers it (an SNS notification), is understood by the responder. A DynamoDB alarm the
 * responder ignored would page nobody and fix nothing, so each one must be diagnosed as the
 * table, index, operation and cause it watches; every other alarm must be ignored, not rejected.
 *
 * <p>The expected diagnosis is derived from the alarm's own CloudFormation metrics (names and
 * dimensions), never from the responder's code, and the alarms found are checked against the
 * configuration so the test cannot pass on a template that lost its alarms.
 */
class AlarmContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DYNAMODB = "AWS/DynamoDB";
    private static final String ACCOUNT = "123456789012";
    private static final String REGION_CODE = "us-east-1";
    private static final Instant STATE_CHANGE_TIME = Instant.parse("2026-11-21T03:15:42.817Z");

    /**
     * Alarms per target, from the signal table in docs/deploy.md: provisioned table 11 (4 throttle
     * causes x2 incl. account limit, aggregate x2, utilization x2, latency), provisioned GSI 10 (no
     * latency), on-demand table 9 (max on-demand instead of provisioned, no
     * utilization), on-demand GSI 8.
     */
    private static final int PROVISIONED_TABLE = 11;
    private static final int PROVISIONED_GSI = 10;
    private static final int ON_DEMAND_TABLE = 9;
    private static final int ON_DEMAND_GSI = 8;

    private static final List<Deployment> DEPLOYMENTS = List.of(
            // orders (provisioned, GSI by-status), sessions (on demand).
            new Deployment("example config", Path.of("..", "throttle-responder.config.json"),
                    PROVISIONED_TABLE + PROVISIONED_GSI + ON_DEMAND_TABLE),
            // orders (provisioned, two GSIs), sessions (on demand, one GSI), audit.events (on demand).
            new Deployment("infra test config", Path.of("..", "infra", "src", "test", "resources", "test-config.json"),
                    PROVISIONED_TABLE + 2 * PROVISIONED_GSI + ON_DEMAND_TABLE + ON_DEMAND_GSI + ON_DEMAND_TABLE),
            // 150 provisioned tables with two GSIs each: past one stack, in nested stacks too.
            new Deployment("150 tables config", Path.of("..", "infra", "src", "test", "resources", "150-tables-config.json"),
                    150 * (PROVISIONED_TABLE + 2 * PROVISIONED_GSI)));

    /** Synthesis takes seconds: once per configuration for all the cases below. */
    private static final Map<Deployment, List<SynthesizedAlarm>> ALARMS = new ConcurrentHashMap<>();

    /** The throttle-event metrics, each with what an alarm on it means. */
    private static final Map<String, Expectation> THROTTLE_METRICS = Map.of(
            "ReadKeyRangeThroughputThrottleEvents", new Expectation(Operation.READ, Cause.KEY_RANGE, false),
            "WriteKeyRangeThroughputThrottleEvents", new Expectation(Operation.WRITE, Cause.KEY_RANGE, false),
            "ReadProvisionedThroughputThrottleEvents", new Expectation(Operation.READ, Cause.PROVISIONED, false),
            "WriteProvisionedThroughputThrottleEvents", new Expectation(Operation.WRITE, Cause.PROVISIONED, false),
            "ReadMaxOnDemandThroughputThrottleEvents", new Expectation(Operation.READ, Cause.MAX_ON_DEMAND, false),
            "WriteMaxOnDemandThroughputThrottleEvents", new Expectation(Operation.WRITE, Cause.MAX_ON_DEMAND, false),
            "ReadAccountLimitThrottleEvents", new Expectation(Operation.READ, Cause.ACCOUNT_LIMIT, false),
            "WriteAccountLimitThrottleEvents", new Expectation(Operation.WRITE, Cause.ACCOUNT_LIMIT, false),
            // Aggregates name no cause: the responder refines them later from the per-cause metrics.
            "ReadThrottleEvents", new Expectation(Operation.READ, Cause.UNKNOWN, true),
            "WriteThrottleEvents", new Expectation(Operation.WRITE, Cause.UNKNOWN, true));

    /** Operations that are unambiguously reads or writes; a latency alarm over both kinds has no operation. */
    private static final Set<String> READ_OPERATIONS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");
    private static final Set<String> WRITE_OPERATIONS =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    private final AlarmEventParser parser = AlarmEventParser.create();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dynamoDbAlarms")
    void dynamoDbAlarm_isDiagnosedAsTheTableIndexOperationAndCauseItWatches(SynthesizedAlarm alarm) {
        AlarmNotification notification = parseOne(alarm);

        Diagnosis diagnosis = Diagnoser.diagnose(notification);

        assertThat(diagnosis)
                .as("the responder must act on %s, which the stacks wire to it", alarm.name())
                .isInstanceOf(Diagnosis.Found.class);
        assertThat(((Diagnosis.Found) diagnosis).incident())
                .as("diagnosis of %s", alarm.name())
                .isEqualTo(expectedIncident(alarm));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherAlarms")
    void alarmOutsideDynamoDb_isIgnoredAsNotActionable_notRejected(SynthesizedAlarm alarm) {
        // Parsed, not rejected: a rejection counts as a failed delivery, an ignored alarm is a normal outcome.
        AlarmNotification notification = parseOne(alarm);

        Diagnosis diagnosis = Diagnoser.diagnose(notification);

        assertThat(diagnosis).isInstanceOf(Diagnosis.NotActionable.class);
        assertThat(((Diagnosis.NotActionable) diagnosis).reason()).contains(alarm.namespaces().iterator().next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void dynamoDbAlarms_coverEveryConfiguredTableAndIndex_inTheExpectedNumber(Deployment deployment) {
        List<SynthesizedAlarm> alarms = alarmsOf(deployment);
        List<SynthesizedAlarm> dynamoDb = alarms.stream().filter(SynthesizedAlarm::isDynamoDb).toList();

        // The parameterized cases above run one per alarm; this count keeps them from passing on none.
        assertThat(dynamoDb).hasSize(deployment.expectedDynamoDbAlarms());
        Set<ResourceId> watched = new LinkedHashSet<>();
        for (WatchedTable table : ConfigLoader.load(deployment.configFile()).tables()) {
            watched.add(new ResourceId(table.name(), null));
            table.indexes().forEach(index -> watched.add(new ResourceId(table.name(), index)));
        }
        assertThat(dynamoDb.stream().map(a -> expectedIncident(a).resource()).collect(Collectors.toSet()))
                .as("tables and indexes the DynamoDB alarms watch, by their dimensions")
                .containsExactlyInAnyOrderElementsOf(watched);
        // The ignore path must really be exercised: the dead-letter-queue alarm is always there.
        assertThat(alarms).filteredOn(a -> !a.isDynamoDb()).extracting(SynthesizedAlarm::namespaces)
                .contains(Set.of("AWS/SQS"));
    }

    /**
     * The scenarios' alarm steps send the notification of the stack's own alarm: the definition they
     * render it from must be, key for key, the alarm the stacks synthesize.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void scenarioAlarmDefinition_isTheAlarmTheStacksCreate(Deployment deployment) {
        Map<String, SynthesizedAlarm> synthesized = alarmsOf(deployment).stream()
                .collect(Collectors.toMap(SynthesizedAlarm::name, a -> a));
        var config = ConfigLoader.load(deployment.configFile());
        int compared = 0;
        for (WatchedTable table : config.tables()) {
            for (WatchedTarget target : WatchedTarget.of(table)) {
                for (AlarmSignal signal : target.signals()) {
                    ObjectNode definition = ScenarioAlarms.definition(config.deploymentName(), target, signal);
                    SynthesizedAlarm alarm = synthesized.get(definition.get("AlarmName").asText());
                    assertThat(alarm).as("the stacks create %s", definition.get("AlarmName")).isNotNull();
                    ObjectNode expected = alarm.properties().deepCopy();
                    // The synthesized alarm's other keys (its actions) are the stack's wiring, not the alarm's shape.
                    expected.retain(fieldNames(definition));
                    assertThat(definition.equals(NUMBERS_BY_VALUE, expected))
                            .as("%s%n scenario:    %s%n synthesized: %s", definition.get("AlarmName"), definition, expected)
                            .isTrue();
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(deployment.expectedDynamoDbAlarms());
    }

    /** The template writes 50 where the scenario writes 50.0: equal numbers are equal. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) ->
            a.equals(b) || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Stream<Named<Deployment>> deployments() {
        return DEPLOYMENTS.stream().map(d -> Named.of(d.label(), d));
    }

    static Stream<Named<SynthesizedAlarm>> dynamoDbAlarms() {
        return allAlarms().filter(a -> a.getPayload().isDynamoDb());
    }

    static Stream<Named<SynthesizedAlarm>> otherAlarms() {
        return allAlarms().filter(a -> !a.getPayload().isDynamoDb());
    }

    private static Stream<Named<SynthesizedAlarm>> allAlarms() {
        return DEPLOYMENTS.stream().flatMap(d -> alarmsOf(d).stream()
                .map(alarm -> Named.of(d.label() + ": " + alarm.name(), alarm)));
    }

    private static List<SynthesizedAlarm> alarmsOf(Deployment deployment) {
        return ALARMS.computeIfAbsent(deployment, AlarmContractTest::synthesize);
    }

    private static List<SynthesizedAlarm> synthesize(Deployment deployment) {
        try {
            // The stacks only package the function code; any directory stands in for the jar.
            Path functionCode = Files.createTempDirectory("function-code");
            Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar, in the alarm contract test");
            // Every template: past what one stack holds, the alarms are in nested stacks too.
            List<SynthesizedAlarm> alarms = new ArrayList<>();
            ThrottleResponderApp.synthesizeAll(deployment.configFile(), functionCode).forEach(template ->
                    template.findResources("AWS::CloudWatch::Alarm").forEach((logicalId, resource) -> alarms.add(
                            new SynthesizedAlarm(logicalId, (ObjectNode) JSON.valueToTree(resource.get("Properties"))))));
            return alarms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AlarmNotification parseOne(SynthesizedAlarm alarm) {
        List<ParsedEvent> parsed = parser.parse(snsEvent(alarm).getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0))
                .as("%s must parse: %s", alarm.name(), parsed.get(0))
                .isInstanceOf(ParsedEvent.Alarm.class);
        return ((ParsedEvent.Alarm) parsed.get(0)).notification();
    }

    /** What the alarm watches, read from its CloudFormation metrics. */
    private static Incident expectedIncident(SynthesizedAlarm alarm) {
        List<JsonNode> metrics = alarm.metricStats();
        Map<String, String> dimensions = dimensions(metrics.get(0).path("Dimensions"));
        ResourceId resource = new ResourceId(dimensions.get("TableName"), dimensions.get("GlobalSecondaryIndexName"));
        Set<String> names = metrics.stream().map(m -> m.path("MetricName").asText()).collect(Collectors.toSet());
        if (metrics.size() == 1 && THROTTLE_METRICS.containsKey(metrics.get(0).path("MetricName").asText())) {
            String name = metrics.get(0).path("MetricName").asText();
            Expectation expectation = THROTTLE_METRICS.get(name);
            return new Incident(resource, expectation.operation(), expectation.cause(), name, expectation.aggregate());
        }
        for (Operation operation : Operation.values()) {
            String direction = operation == Operation.READ ? "Read" : "Write";
            if (names.equals(Set.of("Consumed" + direction + "CapacityUnits", "Provisioned" + direction + "CapacityUnits"))) {
                return new Incident(resource, operation, Cause.UTILIZATION, direction + "CapacityUtilization", false);
            }
        }
        if (names.equals(Set.of("SuccessfulRequestLatency"))) {
            Set<String> operations = metrics.stream()
                    .map(m -> dimensions(m.path("Dimensions")).get("Operation"))
                    .collect(Collectors.toSet());
            Operation operation = READ_OPERATIONS.containsAll(operations) ? Operation.READ
                    : WRITE_OPERATIONS.containsAll(operations) ? Operation.WRITE : null;
            return new Incident(resource, operation, Cause.LATENCY, "SuccessfulRequestLatency", false);
        }
        return fail("%s watches %s, which this contract does not know: decide what the responder must make of it"
                + " and add it here", alarm.name(), names);
    }

    /** The SNS event CloudWatch publishes when the alarm goes OK -> ALARM, rendered as the scenarios render theirs. */
    private static String snsEvent(SynthesizedAlarm alarm) {
        ObjectNode properties = (ObjectNode) resolveAll(alarm.properties());
        properties.put("AlarmName", alarm.name());
        return new ScenarioAlarms(ACCOUNT, REGION_CODE)
                .snsNotification(properties, "OK", "ALARM", properties.get("Threshold").asDouble() + 1, STATE_CHANGE_TIME)
                .toString();
    }

    private static Map<String, String> dimensions(JsonNode dimensions) {
        Map<String, String> result = new LinkedHashMap<>();
        dimensions.forEach(d -> result.put(d.get("Name").asText(), resolve(d.get("Value"))));
        return result;
    }

    /**
     * A template value as the deployed alarm would show it. The DynamoDB alarms name their tables
     * literally (the stacks never create the tables); values only CloudFormation knows, such as the
     * dead-letter queue's name, become a recognisable stand-in. A DynamoDB alarm whose table name
     * were such a stand-in would no longer match the configuration, and the coverage test says so.
     */
    private static String resolve(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return "${" + value.get("Ref").asText() + "}";
        }
        if (value.has("Fn::GetAtt")) {
            List<String> parts = new ArrayList<>();
            value.get("Fn::GetAtt").forEach(p -> parts.add(p.asText()));
            return "${" + String.join(".", parts) + "}";
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.get("Fn::Join");
            List<String> parts = new ArrayList<>();
            join.get(1).forEach(p -> parts.add(resolve(p)));
            return String.join(join.get(0).asText(), parts);
        }
        return fail("a template value this test cannot render: %s", value);
    }

    /** The properties with every template value resolved, as the deployed alarm shows them. */
    private static JsonNode resolveAll(JsonNode node) {
        if (node.isObject() && (node.has("Ref") || node.has("Fn::GetAtt") || node.has("Fn::Join"))) {
            return JSON.getNodeFactory().textNode(resolve(node));
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(field -> out.set(field.getKey(), resolveAll(field.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(element -> out.add(resolveAll(element)));
            return out;
        }
        return node;
    }

    record Deployment(String label, Path configFile, int expectedDynamoDbAlarms) {}

    record Expectation(Operation operation, Cause cause, boolean aggregate) {}

    /** One AWS::CloudWatch::Alarm of the synthesized template. */
    record SynthesizedAlarm(String logicalId, ObjectNode properties) {

        String name() {
            return properties.has("AlarmName") ? resolve(properties.get("AlarmName")) : logicalId;
        }

        /** The metrics read: the alarm's single metric, or the MetricStats of its metric math. */
        List<JsonNode> metricStats() {
            if (!properties.has("Metrics")) {
                return List.of(properties);
            }
            List<JsonNode> stats = new ArrayList<>();
            properties.get("Metrics").forEach(q -> {
                if (q.has("MetricStat")) {
                    stats.add(q.get("MetricStat").get("Metric"));
                }
            });
            return stats;
        }

        Set<String> namespaces() {
            return metricStats().stream().map(m -> m.path("Namespace").asText()).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        /** Any AWS/DynamoDB metric makes it an alarm the responder must act on. */
        boolean isDynamoDb() {
            return namespaces().contains(DYNAMODB);
        }
    }
}
