package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/** The stack for src/test/resources/watch-all-config.json: every table of the account, orders and audit.events named. */
class AccountWideAlarmsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PREFIX = "test-responder-all-";

    @TempDir
    static Path functionCode;
    private static Template template;
    private static Path assembly;

    @BeforeAll
    static void synthesize() throws Exception {
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        assembly = ThrottleResponderApp.synthesizeAssembly(Path.of("src/test/resources/watch-all-config.json"), functionCode);
        template = PolicyLayerContent.template(assembly, "test-responder");
    }

    private static List<JsonNode> accountWideAlarms() {
        List<JsonNode> alarms = new ArrayList<>();
        template.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            JsonNode properties = JSON.valueToTree(alarm).get("Properties");
            if (properties.get("AlarmName").asText().startsWith(PREFIX)) {
                alarms.add(properties);
            }
        });
        return alarms;
    }

    private static JsonNode alarm(String name) {
        return accountWideAlarms().stream().filter(a -> a.get("AlarmName").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void oneAlarmPerThrottleSignal_overEveryTable_andOverEveryIndex() {
        List<String> names = accountWideAlarms().stream().map(a -> a.get("AlarmName").asText()).toList();

        assertThat(names).hasSize(10 + 10).doesNotHaveDuplicates()
                .contains(PREFIX + "tables-WriteProvisionedThroughputThrottleEvents", PREFIX + "tables-ReadAccountLimitThrottleEvents",
                        PREFIX + "tables-WriteMaxOnDemandThroughputThrottleEvents", PREFIX + "indexes-ReadThrottleEvents")
                .contains(PREFIX + "indexes-ReadAccountLimitThrottleEvents", PREFIX + "indexes-WriteAccountLimitThrottleEvents");
    }

    @Test
    void tablesQuery_groupsByTable_largestFirst_listingNoTables_overOneMinute() {
        JsonNode query = alarm(PREFIX + "tables-WriteProvisionedThroughputThrottleEvents").get("Metrics").get(0);

        // Only the documented grammar, and no per-table exclusion: the named tables' own alarms answer them.
        assertThat(query.get("Expression").asText()).isEqualTo("SELECT SUM(WriteProvisionedThroughputThrottleEvents)"
                + " FROM SCHEMA(\"AWS/DynamoDB\", TableName) GROUP BY TableName ORDER BY SUM() DESC");
        assertThat(query.get("Period").asInt()).isEqualTo(60);
        assertThat(query.get("ReturnData").asBoolean()).isTrue();
    }

    @Test
    void indexesQuery_groupsByTableAndIndex() {
        String expression = alarm(PREFIX + "indexes-ReadKeyRangeThroughputThrottleEvents").get("Metrics").get(0)
                .get("Expression").asText();

        assertThat(expression).isEqualTo("SELECT SUM(ReadKeyRangeThroughputThrottleEvents)"
                + " FROM SCHEMA(\"AWS/DynamoDB\", GlobalSecondaryIndexName, TableName)"
                + " GROUP BY TableName, GlobalSecondaryIndexName ORDER BY SUM() DESC");
    }

    @Test
    void everyAlarm_firesOnOneDatapointAboveTheDefaultThreshold_andNotifiesTheAlarmTopicOnAlarmAndOk() {
        String alarmTopic = template.findResources("AWS::SNS::Topic").entrySet().stream()
                .filter(topic -> JSON.valueToTree(topic.getValue()).at("/Properties/TopicName").asText().endsWith("-alarms"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();

        assertThat(accountWideAlarms()).allSatisfy(alarm -> {
            assertThat(alarm.get("Threshold").asDouble()).isEqualTo(40);
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(1);
            assertThat(alarm.get("DatapointsToAlarm").asInt()).isEqualTo(1);
            assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.get("AlarmActions").toString()).contains(alarmTopic);
            assertThat(alarm.get("OKActions").toString()).contains(alarmTopic);
        });
    }

    @Test
    void writes_onUnnamedTables_requireTheOptInTag_whileReadsCoverEveryTable() {
        JsonNode statements = JSON.valueToTree(template.findResources("AWS::IAM::Policy"));
        List<JsonNode> all = new ArrayList<>();
        statements.forEach(policy -> policy.at("/Properties/PolicyDocument/Statement").forEach(all::add));

        List<JsonNode> optedIn = all.stream().filter(s -> s.path("Sid").asText().equals("OptedInTablesWrite")).toList();
        assertThat(optedIn).hasSize(2).allSatisfy(statement -> {
            assertThat(statement.get("Action").toString()).contains("dynamodb:UpdateTable", "dynamodb:UpdateContributorInsights");
            assertThat(statement.at("/Condition/StringEquals/aws:ResourceTag~1team:throttle-responder").asText()).isEqualTo("act");
            assertThat(statement.get("Resource").toString()).contains(":table/*");
        });
        List<JsonNode> reads = all.stream().filter(s -> s.path("Sid").asText().equals("AccountTablesRead")).toList();
        assertThat(reads).hasSize(2).allSatisfy(statement -> {
            assertThat(statement.get("Action").toString()).contains("dynamodb:ListTagsOfResource").doesNotContain("Update");
            assertThat(statement.has("Condition")).isFalse();
        });
        // Without contributorInsightsWithoutOptIn, no unconditioned write on every table.
        assertThat(all).noneSatisfy(s -> assertThat(s.path("Sid").asText()).isEqualTo("AccountTablesContributorInsights"));
    }

    @Test
    void policy_tellsTheResponderToWatchAllTables_withTheOptInTag() throws Exception {
        JsonNode policy = PolicyLayerContent.policy(template, assembly);

        assertThat(policy.get("watchAllTables").asBoolean()).isTrue();
        assertThat(policy.at("/unnamedTables/optInTagKey").asText()).isEqualTo("team:throttle-responder");
        assertThat(policy.at("/unnamedTables/optInTagValue").asText()).isEqualTo("act");
    }

    @Test
    void watchAllTables_withoutNamedTables_synthesizesWithoutWhereClause(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"notifications\": {\"emails\": [\"a@example.com\"]}, \"watchAllTables\": true}");

        Template only = ThrottleResponderApp.synthesize(config, functionCode);

        List<String> expressions = new ArrayList<>();
        only.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm -> JSON.valueToTree(alarm)
                .at("/Properties/Metrics").forEach(m -> expressions.add(m.path("Expression").asText())));
        assertThat(expressions).hasSize(20).allSatisfy(e -> assertThat(e).doesNotContain("WHERE"));
    }

    @Test
    void namedTablesOfAnyNumberAndLength_leaveEveryQueryWithinItsLimit(@TempDir Path dir) throws Exception {
        // Twelve names of 180 characters: once a NOT IN list past the 2,048 characters of a query.
        String tables = IntStream.range(0, 12).mapToObj(i -> "{\"name\": \"%s%03d\", \"billingMode\": \"PAY_PER_REQUEST\"}"
                        .formatted("t".repeat(177), i))
                .collect(Collectors.joining(", "));
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"notifications\": {\"emails\": [\"a@example.com\"]}, \"watchAllTables\": true,"
                + " \"tables\": [" + tables + "]}");

        List<String> expressions = new ArrayList<>();
        ThrottleResponderApp.synthesize(config, functionCode).findResources("AWS::CloudWatch::Alarm").values().forEach(alarm ->
                JSON.valueToTree(alarm).at("/Properties/Metrics").forEach(m -> expressions.add(m.path("Expression").asText())));
        assertThat(expressions).filteredOn(e -> e.startsWith("SELECT")).hasSize(20).allSatisfy(e -> assertThat(e)
                .hasSizeLessThanOrEqualTo(AccountWideAlarms.MAX_QUERY_LENGTH).doesNotContain("WHERE", "NOT IN", "t".repeat(177)));
    }
}
