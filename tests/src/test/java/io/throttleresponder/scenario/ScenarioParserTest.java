package io.throttleresponder.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;

class ScenarioParserTest {

    private static final Path SANDBOX_TABLES = Path.of("..", "events", "sandbox-tables.json").toAbsolutePath();
    private static final Instant START = Instant.parse("2026-11-20T03:00:00Z");

    @TempDir
    Path dir;

    private Scenario parse(String steps) throws IOException {
        return parse("", steps);
    }

    private Scenario parse(String extraKeys, String steps) throws IOException {
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, """
                {"start": "2026-11-20T03:00:00Z", "tables": "%s", %s "steps": [%s]}
                """.formatted(SANDBOX_TABLES.toString().replace("\\", "\\\\"), extraKeys, steps));
        return ScenarioParser.parse(file, null);
    }

    @Test
    void defaults_areTheSandboxAccountRegionNoPolicyAndNoRunOn() throws IOException {
        Scenario scenario = parse("");

        assertThat(scenario.account()).isEqualTo("123456789012");
        assertThat(scenario.region()).isEqualTo("us-east-1");
        assertThat(scenario.start()).isEqualTo(START);
        assertThat(scenario.policy()).isNull();
        assertThat(scenario.runFor()).isZero();
        assertThat(scenario.tables()).extracting(t -> t.createTable().tableName()).containsExactly("orders", "sessions", "inventory");
        assertThat(scenario.end()).isEqualTo(START);
    }

    @Test
    void alarmsEvaluated_isReadFromTheTopLevelKey_andStatedAlarmsAreTheDefault() throws IOException {
        assertThat(parse("").alarmsEvaluated()).isFalse();
        assertThat(parse("\"alarms\": \"evaluated\",", "").alarmsEvaluated()).isTrue();
    }

    @Test
    void alarmsEvaluated_withAnAlarmStep_isAUsageErrorNamingTheStep() {
        assertThatThrownBy(() -> parse("\"alarms\": \"evaluated\",", """
                {"at": "+1m", "metrics": {"table/orders": {"WriteProvisionedThroughputThrottleEvents": 412}}},
                {"at": "+2m", "alarm": {"table": "orders", "metric": "WriteProvisionedThroughputThrottleEvents", "state": "ALARM", "value": 412}}"""))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("step 2 (at +2m): with \"alarms\": \"evaluated\" the sandbox decides the alarms' states");
    }

    @Test
    void alarms_otherThanEvaluated_isRejectedWithTheAllowedValue() {
        assertThatThrownBy(() -> parse("\"alarms\": \"stated\",", ""))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("alarms must be \"evaluated\"");
    }

    @Test
    void nullMetric_meansNoDatapointFromThen_whileZeroStaysAPublishedZero() throws IOException {
        Scenario scenario = parse("""
                {"at": "+1m", "metrics": {"table/orders": {"WriteProvisionedThroughputThrottleEvents": null, "WriteThrottleEvents": 0}}}""");

        Map<String, Double> values = ((Scenario.MetricsStep) scenario.steps().get(0)).values().get(ResourceId.table("orders"));
        assertThat(values).containsEntry("WriteProvisionedThroughputThrottleEvents", null).containsEntry("WriteThrottleEvents", 0.0);
    }

    @Test
    void stepTimes_areOffsetsFromStartOrInstants_andRunForCountsFromTheLastStep() throws IOException {
        Scenario scenario = parse("\"runFor\": \"6h\",", """
                {"at": "+90s", "busy": {"orders": "12m"}},
                {"at": "+2h30m", "busy": {"orders": "1m"}},
                {"at": "2026-11-20T06:00:00Z", "ops": "status"}""");

        assertThat(scenario.steps()).extracting(Scenario.Step::at).containsExactly(
                START.plusSeconds(90), START.plus(Duration.ofMinutes(150)), Instant.parse("2026-11-20T06:00:00Z"));
        assertThat(scenario.end()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(((Scenario.BusyStep) scenario.steps().get(0)).durations()).containsEntry("orders", Duration.ofMinutes(12));
    }

    @Test
    void alarmStep_namesTheResourceMetricStateValueAndDelivery() throws IOException {
        Scenario scenario = parse("""
                {"at": "+1m", "alarm": {"table": "orders", "index": "by-status", "metric": "ReadProvisionedThroughputThrottleEvents",
                 "state": "ALARM", "value": 412, "delivery": "EVENTBRIDGE"}},
                {"at": "+2m", "alarm": {"table": "orders", "metric": "WriteProvisionedThroughputThrottleEvents", "state": "OK", "value": 3}}""");

        assertThat(scenario.steps().get(0)).isEqualTo(new Scenario.AlarmStep(1, START.plusSeconds(60),
                new ResourceId("orders", "by-status"), "ReadProvisionedThroughputThrottleEvents", "ALARM", 412,
                Scenario.Delivery.EVENTBRIDGE));
        assertThat(((Scenario.AlarmStep) scenario.steps().get(1)).delivery()).isEqualTo(Scenario.Delivery.SNS);
    }

    @Test
    void environmentSteps_readTheirResourcesAndValues() throws IOException {
        Scenario scenario = parse("""
                {"at": "+1m", "metrics": {"table/orders": {"ConsumedWriteCapacityUnits": 140, "WriteProvisionedThroughputThrottleEvents": 0},
                                          "table/orders/index/by-status": {"ConsumedReadCapacityUnits": 12.5}}},
                {"at": "+2m", "capacity": {"table/orders": {"READ": 400}}},
                {"at": "+3m", "scalableTarget": {"table/inventory": {"WRITE": {"min": 100, "max": 5000}, "READ": {"max": 300}}}},
                {"at": "+4m", "billingMode": {"orders": "PAY_PER_REQUEST"}},
                {"at": "+5m", "event": "%s"},
                {"at": "+6m", "scalingPolicy": {"PolicyName": "inventory-writes", "ServiceNamespace": "dynamodb",
                  "ResourceId": "table/inventory", "ScalableDimension": "dynamodb:table:WriteCapacityUnits",
                  "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 60.0, "ScaleOutCooldown": 120,
                    "PredefinedMetricSpecification": {"PredefinedMetricType": "DynamoDBWriteCapacityUtilization"}}}},
                {"at": "+7m", "contributorInsights": {"table/orders": "ENABLED", "table/orders/index/by-status": "DISABLED"}},
                {"at": "+8m", "deleteTable": "orders"}""".formatted(Path.of("..", "events", "sns-ok-write-provisioned-orders.json")
                .toAbsolutePath().toString().replace("\\", "\\\\")));

        assertThat(((Scenario.MetricsStep) scenario.steps().get(0)).values()).isEqualTo(Map.of(
                ResourceId.table("orders"), Map.of("ConsumedWriteCapacityUnits", 140.0, "WriteProvisionedThroughputThrottleEvents", 0.0),
                new ResourceId("orders", "by-status"), Map.of("ConsumedReadCapacityUnits", 12.5)));
        assertThat(((Scenario.CapacityStep) scenario.steps().get(1)).units())
                .isEqualTo(Map.of(ResourceId.table("orders"), Map.of(Operation.READ, 400L)));
        assertThat(((Scenario.ScalableTargetStep) scenario.steps().get(2)).targets()).isEqualTo(Map.of(
                ResourceId.table("inventory"), Map.of(Operation.WRITE, new Scenario.Bounds(100, 5000),
                        Operation.READ, new Scenario.Bounds(null, 300))));
        assertThat(((Scenario.BillingModeStep) scenario.steps().get(3)).modes()).isEqualTo(Map.of("orders", "PAY_PER_REQUEST"));
        assertThat(((Scenario.EventStep) scenario.steps().get(4)).file()).isRegularFile();
        PutScalingPolicyRequest policy = ((Scenario.ScalingPolicyStep) scenario.steps().get(5)).request();
        assertThat(policy.policyName()).isEqualTo("inventory-writes");
        assertThat(policy.scalableDimensionAsString()).isEqualTo("dynamodb:table:WriteCapacityUnits");
        assertThat(policy.policyType()).isNull();
        assertThat(policy.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(60.0);
        assertThat(policy.targetTrackingScalingPolicyConfiguration().scaleOutCooldown()).isEqualTo(120);
        assertThat(((Scenario.ContributorInsightsStep) scenario.steps().get(6)).statuses()).isEqualTo(Map.of(
                ResourceId.table("orders"), "ENABLED", new ResourceId("orders", "by-status"), "DISABLED"));
        assertThat(((Scenario.DeleteTableStep) scenario.steps().get(7)).table()).isEqualTo("orders");
    }

    @Test
    void pathsAreRelativeToTheScenarioFile_andTablesAndPolicyMayBeInline() throws IOException {
        Files.createDirectories(dir.resolve("recorded"));
        Path file = dir.resolve("inline.json");
        Files.writeString(file, """
                {"account": "210987654321", "region": "eu-west-1", "start": "2026-11-20T03:00:00Z",
                 "tables": [{"TableName": "t01", "BillingMode": "PAY_PER_REQUEST",
                             "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                             "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}],
                 "policy": {"tables": {"t01": {}}},
                 "insights": "recorded",
                 "accountLimits": {"AccountMaxReadCapacityUnits": 1000, "TableMaxWriteCapacityUnits": 500},
                 "steps": []}
                """);

        Scenario scenario = ScenarioParser.parse(file, null);

        assertThat(scenario.account()).isEqualTo("210987654321");
        assertThat(scenario.region()).isEqualTo("eu-west-1");
        assertThat(scenario.tables()).extracting(t -> t.createTable().tableName()).containsExactly("t01");
        assertThat(scenario.policy().settingsFor("t01")).isPresent();
        assertThat(scenario.insights()).isEqualTo(dir.resolve("recorded"));
        assertThat(scenario.accountLimits()).containsEntry("AccountMaxReadCapacityUnits", 1000L)
                .containsEntry("TableMaxWriteCapacityUnits", 500L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown step key     | {\"at\": \"+1m\", \"alarms\": {}}                                          | step 1 (at +1m): unknown key \"alarms\"",
            "two actions          | {\"at\": \"+1m\", \"busy\": {\"orders\": \"1m\"}, \"ops\": \"pause\"}      | step 1 (at +1m): has 2 actions [busy, ops]",
            "no action            | {\"at\": \"+1m\"}                                                         | step 1 (at +1m): has no action",
            "no time              | {\"busy\": {\"orders\": \"1m\"}}                                           | step 1 needs \"at\"",
            "bad time             | {\"at\": \"soon\", \"ops\": \"pause\"}                                     | step 1 (at soon): \"at\" must be",
            "bad offset           | {\"at\": \"+5x\", \"ops\": \"pause\"}                                      | step 1 (at +5x): \"5x\" is not a duration",
            "unknown table        | {\"at\": \"+1m\", \"busy\": {\"carts\": \"1m\"}}                           | step 1 (at +1m) busy: unknown table \"carts\"",
            "unknown index        | {\"at\": \"+1m\", \"capacity\": {\"table/orders/index/by-date\": {\"READ\": 5}}} | table orders has no global secondary index \"by-date\"",
            "not a resource       | {\"at\": \"+1m\", \"capacity\": {\"orders\": {\"READ\": 5}}}                | \"orders\" is not a resource",
            "bad dimension        | {\"at\": \"+1m\", \"capacity\": {\"table/orders\": {\"READS\": 5}}}         | must be one of [READ, WRITE], was \"READS\"",
            "zero capacity        | {\"at\": \"+1m\", \"capacity\": {\"table/orders\": {\"READ\": 0}}}          | READ must be a whole number of at least 1",
            "unknown metric       | {\"at\": \"+1m\", \"metrics\": {\"table/orders\": {\"CPUUtilization\": 5}}}  | unknown metric \"CPUUtilization\"",
            "negative metric      | {\"at\": \"+1m\", \"metrics\": {\"table/orders\": {\"ConsumedReadCapacityUnits\": -1}}} | must not be negative",
            "target without bound | {\"at\": \"+1m\", \"scalableTarget\": {\"table/inventory\": {\"WRITE\": {}}}} | needs min, max or both",
            "bad billing mode     | {\"at\": \"+1m\", \"billingMode\": {\"orders\": \"ON_DEMAND\"}}           | must be PROVISIONED or PAY_PER_REQUEST",
            "policy unknown field | {\"at\": \"+1m\", \"scalingPolicy\": {\"PolicyName\": \"p\", \"ResourceId\": \"table/inventory\", \"Target\": 50}} | step 1 (at +1m) scalingPolicy is not a put-scaling-policy input",
            "policy unknown table | {\"at\": \"+1m\", \"scalingPolicy\": {\"PolicyName\": \"p\", \"ResourceId\": \"table/carts\"}} | unknown table \"carts\"",
            "policy no resource   | {\"at\": \"+1m\", \"scalingPolicy\": {\"PolicyName\": \"p\"}}                  | step 1 (at +1m) scalingPolicy lacks ResourceId",
            "missing event file   | {\"at\": \"+1m\", \"event\": \"nowhere.json\"}                              | step 1 (at +1m) event: no file",
            "bad insights status  | {\"at\": \"+1m\", \"contributorInsights\": {\"table/orders\": \"ON\"}}      | must be ENABLED or DISABLED, was \"ON\"",
            "insights not a resource | {\"at\": \"+1m\", \"contributorInsights\": {\"orders\": \"ENABLED\"}} | \"orders\" is not a resource",
            "delete unknown table | {\"at\": \"+1m\", \"deleteTable\": \"carts\"}                            | unknown table \"carts\"",
            "alarm bad state      | {\"at\": \"+1m\", \"alarm\": {\"table\": \"orders\", \"metric\": \"ReadThrottleEvents\", \"state\": \"INSUFFICIENT\", \"value\": 1}} | state must be ALARM or OK",
            "alarm no value       | {\"at\": \"+1m\", \"alarm\": {\"table\": \"orders\", \"metric\": \"ReadThrottleEvents\", \"state\": \"ALARM\"}} | \"value\" is required",
            "alarm unknown metric | {\"at\": \"+1m\", \"alarm\": {\"table\": \"orders\", \"metric\": \"ConsumedReadCapacityUnits\", \"state\": \"ALARM\", \"value\": 1}} | the stacks create no alarm on \"ConsumedReadCapacityUnits\"",
            "alarm not created    | {\"at\": \"+1m\", \"alarm\": {\"table\": \"sessions\", \"metric\": \"ReadProvisionedThroughputThrottleEvents\", \"state\": \"ALARM\", \"value\": 1}} | the stacks create no ReadProvisionedThroughputThrottleEvents alarm for table/sessions (PAY_PER_REQUEST table)",
            "alarm bad delivery   | {\"at\": \"+1m\", \"alarm\": {\"table\": \"orders\", \"metric\": \"ReadThrottleEvents\", \"state\": \"ALARM\", \"value\": 1, \"delivery\": \"SQS\"}} | delivery must be one of [SNS, EVENTBRIDGE, ALARM_ACTION]",
            "alarm unknown key    | {\"at\": \"+1m\", \"alarm\": {\"table\": \"orders\", \"metric\": \"ReadThrottleEvents\", \"state\": \"ALARM\", \"value\": 1, \"threshold\": 5}} | unknown key \"threshold\"",
    })
    void badStep_isAUsageErrorNamingTheStepAndTheProblem(String label, String step, String message) {
        assertThatThrownBy(() -> parse(step)).isInstanceOf(ScenarioException.class).hasMessageContaining(message)
                .hasMessageStartingWith("scenario ");
    }

    @Test
    void stepOutOfOrder_isAUsageError() {
        assertThatThrownBy(() -> parse("""
                {"at": "+10m", "ops": "status"},
                {"at": "+5m", "ops": "status"}"""))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("step 2 (at +5m) is out of order");
    }

    @Test
    void stepBeforeStart_isOutOfOrder() {
        assertThatThrownBy(() -> parse("{\"at\": \"2026-11-20T02:59:00Z\", \"ops\": \"status\"}"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("step 1 (at 2026-11-20T02:59:00Z) is out of order");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top-level key | \"seed\": 7,                               | unknown key \"seed\"",
            "bad account           | \"account\": \"12345\",                     | account must be 12 digits",
            "bad region            | \"region\": \"US East\",                    | region must be a Region code",
            "bad runFor            | \"runFor\": \"forever\",                    | runFor: \"forever\" is not a duration",
            "unknown limit         | \"accountLimits\": {\"MaxTables\": 5},      | accountLimits: unknown key \"MaxTables\"",
            "missing policy file   | \"policy\": \"nope.json\",                  | policy: cannot read nope.json",
            "bad policy            | \"policy\": {\"defaults\": {\"scaleFactor\": \"x\"}}, | policy: ",
            "missing insights      | \"insights\": \"nowhere\",                  | is not a directory",
    })
    void badTopLevelKey_isAUsageError(String label, String keys, String message) {
        assertThatThrownBy(() -> parse(keys, "")).isInstanceOf(ScenarioException.class).hasMessageContaining(message);
    }

    @Test
    void missingStartOrTables_isAUsageError() throws IOException {
        Path file = dir.resolve("bare.json");
        Files.writeString(file, "{\"steps\": []}");
        assertThatThrownBy(() -> ScenarioParser.parse(file, null)).hasMessageContaining("\"start\" is required");
        Files.writeString(file, "{\"start\": \"2026-11-20T03:00:00Z\", \"steps\": []}");
        assertThatThrownBy(() -> ScenarioParser.parse(file, null)).hasMessageContaining("\"tables\" is required");
    }

    @Test
    void fileThatIsNotJson_isAUsageError() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"start\": ");
        assertThatThrownBy(() -> ScenarioParser.parse(file, null)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("is not JSON");
    }
}
