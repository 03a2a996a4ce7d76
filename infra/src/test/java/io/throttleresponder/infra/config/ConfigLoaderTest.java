package io.throttleresponder.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.throttleresponder.contract.BillingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final Path FILE = Path.of("team/throttle-responder.config.json");

    /** A valid file to break one key at a time. */
    private static final String VALID = """
            // comments are allowed
            {
              "notifications": { "emails": ["oncall@example.com"] },
              "tables": [
                { "name": "orders", "billingMode": "PROVISIONED", "indexes": ["orders-by-status"] },
                { "name": "sessions", "billingMode": "PAY_PER_REQUEST", /* trailing comma next */ },
              ]
            }
            """;

    @Test
    void load_exampleFileAtTheRepositoryRoot_isValid() {
        ResponderConfig config = ConfigLoader.load(Path.of("../throttle-responder.config.json"));

        assertThat(config.deploymentName()).isEqualTo("throttle-responder");
        assertThat(config.dryRun()).isTrue();
        assertThat(config.tables()).extracting(WatchedTable::name).containsExactly("orders", "sessions");
        assertThat(config.tables().get(0).indexes()).containsExactly("by-status");
        assertThat(config.tables().get(1).thresholds()).isEqualTo(new Thresholds(50, 80, 20));
        assertThat(config.notifications().chatTopicArn()).isEmpty();
    }

    @Test
    void parse_minimalFile_appliesSeedDefaults() {
        ResponderConfig config = ConfigLoader.parse(FILE, VALID);

        assertThat(config.deploymentName()).isEqualTo("throttle-responder");
        assertThat(config.dryRun()).isFalse();
        assertThat(config.killSwitch()).isFalse();
        assertThat(config.policyDefaults()).isEmpty();
        WatchedTable orders = config.tables().get(0);
        assertThat(orders.billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(orders.thresholds()).isEqualTo(Thresholds.SEED);
        assertThat(orders.latencyOperations()).containsExactly("GetItem", "Query", "PutItem");
        assertThat(config.tables().get(1).billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    }

    @Test
    void parse_tableThresholds_overrideOnlyTheKeysTheyName() {
        ResponderConfig config = ConfigLoader.parse(FILE, """
                { "notifications": { "emails": ["oncall@example.com"] },
                  "defaults": { "thresholds": { "throttleEventsPerMinute": 10 }, "latencyOperations": ["Query"] },
                  "tables": [ { "name": "orders", "billingMode": "PROVISIONED", "thresholds": { "latencyMilliseconds": 5.5 } } ] }
                """);

        assertThat(config.tables().get(0).thresholds()).isEqualTo(new Thresholds(10, 80, 5.5));
        assertThat(config.tables().get(0).latencyOperations()).containsExactly("Query");
    }

    @Test
    void parse_chatTopicWithoutEmails_isEnoughNotification() {
        ResponderConfig config = ConfigLoader.parse(FILE, """
                { "notifications": { "chatTopicArn": "arn:aws:sns:us-east-1:123456789012:team-chat" },
                  "tables": [ { "name": "orders", "billingMode": "PROVISIONED" } ] }
                """);

        assertThat(config.notifications().chatTopicArn()).contains("arn:aws:sns:us-east-1:123456789012:team-chat");
        assertThat(config.notifications().emails()).isEmpty();
    }

    @Test
    void parse_runbookUrl_isKept_andMustBeHttps() {
        ResponderConfig config = ConfigLoader.parse(FILE, VALID.replace("\"emails\": [\"oncall@example.com\"]",
                "\"emails\": [\"oncall@example.com\"], \"runbookUrl\": \"https://wiki.example.com/dynamodb\""));

        assertThat(config.notifications().runbookUrl()).contains("https://wiki.example.com/dynamodb");
        assertProblems(VALID.replace("\"emails\": [\"oncall@example.com\"]",
                "\"emails\": [\"oncall@example.com\"], \"runbookUrl\": \"wiki/dynamodb\""),
                "notifications.runbookUrl: \"wiki/dynamodb\" is not an https URL");
    }

    @Test
    void parse_policy_keepsTypedValuesPerTableAndDefaults() {
        ResponderConfig config = ConfigLoader.parse(FILE, """
                { "notifications": { "emails": ["oncall@example.com"] },
                  "defaults": { "policy": { "cooldownMinutes": 20, "contributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS" } },
                  "tables": [ { "name": "orders", "billingMode": "PROVISIONED",
                                "policy": { "scaleFactor": 2, "maskKeys": true, "dryRun": false } } ] }
                """);

        assertThat(config.policyDefaults()).containsExactly(
                Map.entry("cooldownMinutes", 20L), Map.entry("contributorInsightsMode", "ACCESSED_AND_THROTTLED_KEYS"));
        assertThat(config.tables().get(0).policyOverrides()).containsExactly(
                Map.entry("scaleFactor", 2.0), Map.entry("maskKeys", true), Map.entry("dryRun", false));
    }

    @Test
    void parse_unknownKey_isRejectedWithItsPath() {
        assertProblems(VALID.replace("\"indexes\"", "\"indices\""),
                "tables[0].indices: unknown key");
        assertProblems(VALID.replace("\"tables\"", "\"dryrun\": true, \"tables\""),
                "dryrun: unknown key");
    }

    @Test
    void parse_badNumber_isRejectedWithItsPath() {
        assertProblems(VALID.replace("\"billingMode\": \"PAY_PER_REQUEST\"",
                        "\"billingMode\": \"PAY_PER_REQUEST\", \"thresholds\": { \"throttleEventsPerMinute\": \"fifty\" }"),
                "tables[1].thresholds.throttleEventsPerMinute: \"fifty\" is not a number");
    }

    @Test
    void parse_zeroOrNegativeThreshold_isRejected() {
        assertProblems(VALID.replace("\"tables\"", "\"defaults\": { \"thresholds\": { \"utilizationPercent\": 0 } }, \"tables\""),
                "defaults.thresholds.utilizationPercent: must be greater than 0");
        assertProblems(VALID.replace("\"indexes\"", "\"thresholds\": { \"latencyMilliseconds\": -1 }, \"indexes\""),
                "tables[0].thresholds.latencyMilliseconds: must be greater than 0");
    }

    @Test
    void parse_tableListedTwice_isRejectedNamingBothPlaces() {
        assertProblems(VALID.replace("\"sessions\"", "\"orders\""),
                "tables[1].name: table \"orders\" is listed twice (also tables[0])");
    }

    @Test
    void parse_indexListedTwice_isRejected() {
        assertProblems(VALID.replace("[\"orders-by-status\"]", "[\"orders-by-status\", \"orders-by-status\"]"),
                "tables[0].indexes[1]: index \"orders-by-status\" is listed twice");
    }

    @Test
    void parse_tableAndIndexWithTheSameAlarmNames_areRejected() {
        assertProblems(VALID.replace("\"sessions\"", "\"orders-orders-by-status\""),
                "tables[1].name: its alarm names (\"orders-orders-by-status-...\") would be the same as those of"
                        + " tables[0].indexes \"orders-by-status\"");
    }

    @Test
    void parse_invalidTableName_isRejected() {
        assertProblems(VALID.replace("\"sessions\"", "\"my sessions!\""),
                "tables[1].name: \"my sessions!\" is not a valid DynamoDB table name");
        assertProblems(VALID.replace("\"sessions\"", "\"ab\""),
                "tables[1].name: \"ab\" is not a valid DynamoDB table name");
        assertProblems(VALID.replace("\"sessions\"", "\"" + "x".repeat(256) + "\""),
                "tables[1].name: \"" + "x".repeat(256) + "\" is not a valid DynamoDB table name");
    }

    @Test
    void parse_invalidIndexName_isRejected() {
        assertProblems(VALID.replace("\"orders-by-status\"", "\"by/status\""),
                "tables[0].indexes[0]: \"by/status\" is not a valid index name");
    }

    @Test
    void parse_missingOrUnknownBillingMode_isRejected() {
        assertProblems(VALID.replace(", \"billingMode\": \"PROVISIONED\"", ""),
                "tables[0].billingMode: missing");
        assertProblems(VALID.replace("\"PAY_PER_REQUEST\"", "\"ON_DEMAND\""),
                "tables[1].billingMode: \"ON_DEMAND\" is not PROVISIONED or PAY_PER_REQUEST");
    }

    @Test
    void parse_noTables_isRejected() {
        assertProblems("{ \"notifications\": { \"emails\": [\"oncall@example.com\"] }, \"tables\": [] }",
                "tables: expected a non-empty list");
    }

    @Test
    void parse_nowhereToNotify_isRejected() {
        assertProblems(VALID.replace("\"emails\": [\"oncall@example.com\"]", "\"emails\": []"),
                "notifications: name at least one e-mail address or a chatTopicArn");
        assertProblems(VALID.replace("\"oncall@example.com\"", "\"oncall\""),
                "notifications.emails[0]: \"oncall\" is not an e-mail address");
        assertProblems(VALID.replace("\"emails\": [\"oncall@example.com\"]", "\"emails\": [\"a@example.com\"], \"chatTopicArn\": \"team-chat\""),
                "notifications.chatTopicArn: \"team-chat\" is not an SNS topic ARN");
    }

    @Test
    void parse_scalerTuningKeys_areAcceptedAsTheFunctionsPolicyTakesThem_andBoundedAlike() {
        ResponderConfig config = ConfigLoader.parse(FILE, VALID.replace("\"indexes\"", "\"policy\": { \"tuneScalingPolicy\": false,"
                + " \"incidentTargetValue\": 40, \"incidentScaleOutCooldownSeconds\": 30 }, \"indexes\""));

        assertThat(config.tables().get(0).policyOverrides()).containsExactly(Map.entry("tuneScalingPolicy", false),
                Map.entry("incidentTargetValue", 40L), Map.entry("incidentScaleOutCooldownSeconds", 30L));
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"incidentTargetValue\": 95 }, \"indexes\""),
                "tables[0].policy.incidentTargetValue");
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"incidentScaleOutCooldownSeconds\": -5 }, \"indexes\""),
                "tables[0].policy.incidentScaleOutCooldownSeconds");
    }

    @Test
    void parse_invalidPolicyValues_areRejectedWithTheirPaths() {
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"scaleFactor\": 1 }, \"indexes\""),
                "tables[0].policy.scaleFactor: must be greater than 1, found 1");
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"cooldownMinutes\": 1.5 }, \"indexes\""),
                "tables[0].policy.cooldownMinutes: 1.5 is not a whole number");
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"maskKeys\": \"yes\" }, \"indexes\""),
                "tables[0].policy.maskKeys: expected true or false, found \"yes\"");
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"contributorInsightsMode\": \"ALL\" }, \"indexes\""),
                "tables[0].policy.contributorInsightsMode: expected one of [THROTTLED_KEYS, ACCESSED_AND_THROTTLED_KEYS]");
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"scaleFator\": 2 }, \"indexes\""),
                "tables[0].policy.scaleFator: unknown key");
        assertProblems(VALID.replace("\"tables\"", "\"defaults\": { \"policy\": { \"dryRun\": true } }, \"tables\""),
                "defaults.policy.dryRun: set the top-level \"dryRun\"");
    }

    @Test
    void parse_policyValuesPastWhatTheFunctionAccepts_areRejectedAtSynth() {
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"scaleFactor\": 150 }, \"indexes\""),
                "tables[0].policy.scaleFactor: must be at most 100, found 150");
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"headroomPercent\": 12.5 }, \"indexes\""),
                "tables[0].policy.headroomPercent: 12.5 is not a whole number");
        assertProblems(VALID.replace("\"indexes\"", "\"policy\": { \"maxWriteCapacityUnits\": 2000000 }, \"indexes\""),
                "tables[0].policy.maxWriteCapacityUnits: must be at most 1000000, found 2000000");
    }

    @Test
    void parse_latencyOperations_areLimitedToTenKnownOperations() {
        String eleven = "[\"GetItem\",\"PutItem\",\"UpdateItem\",\"DeleteItem\",\"Query\",\"Scan\",\"BatchGetItem\","
                + "\"BatchWriteItem\",\"TransactGetItems\",\"TransactWriteItems\",\"ExecuteStatement\"]";
        assertProblems(VALID.replace("\"indexes\"", "\"latencyOperations\": " + eleven + ", \"indexes\""),
                "tables[0].latencyOperations: name 1 to 10 operations");
        assertProblems(VALID.replace("\"indexes\"", "\"latencyOperations\": [\"GetItems\"], \"indexes\""),
                "tables[0].latencyOperations[0]: \"GetItems\" is not a DynamoDB operation");
    }

    @Test
    void parse_invalidDeploymentName_isRejected() {
        assertProblems(VALID.replace("\"tables\"", "\"deploymentName\": \"team_a\", \"tables\""),
                "deploymentName: \"team_a\" is not valid");
    }

    @Test
    void parse_namesTooLongForAnAlarmName_areRejected() {
        String longIndex = "i".repeat(200);
        assertProblems(VALID.replace("\"orders-by-status\"", "\"" + longIndex + "\""),
                "tables[0].indexes[0]: alarm names for this index would be");
    }

    @Test
    void parse_severalProblems_areAllReportedAtOnce() {
        String text = VALID.replace("\"sessions\"", "\"orders\"").replace("\"PAY_PER_REQUEST\"", "\"ON_DEMAND\"");

        assertThatThrownBy(() -> ConfigLoader.parse(FILE, text))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void parse_malformedJson_namesTheFileAndLine() {
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, "{\n  \"tables\": [ \n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(FILE.toString())
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line ");
    }

    @Test
    void load_missingFile_namesIt() {
        Path missing = Path.of("no-such-config.json");

        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + " is not a valid throttle-responder configuration:\n  - the file does not exist");
    }

    @Test
    void parse_watchAllTables_acceptsNoNamedTable_andDefaultsTheOptInTag() {
        ResponderConfig config = ConfigLoader.parse(FILE,
                "{\"notifications\": {\"emails\": [\"oncall@example.com\"]}, \"watchAllTables\": true}");

        assertThat(config.tables()).isEmpty();
        assertThat(config.unnamedTables()).hasValueSatisfying(unnamed -> {
            assertThat(unnamed.optInTagKey()).isEqualTo("throttle-responder:act");
            assertThat(unnamed.optInTagValue()).isEqualTo("true");
            assertThat(unnamed.contributorInsightsWithoutOptIn()).isFalse();
            assertThat(unnamed.thresholds()).isEqualTo(Thresholds.SEED);
        });
    }

    @Test
    void parse_withoutWatchAllTables_watchesNoUnnamedTable_andStillNeedsATable() {
        assertThat(ConfigLoader.parse(FILE, VALID).unnamedTables()).isEmpty();
        assertProblems("{\"notifications\": {\"emails\": [\"oncall@example.com\"]}}", "tables: expected a non-empty list");
    }

    @Test
    void parse_unnamedTablesWithoutWatchAllTables_orWithAReservedTagKey_isAProblem() {
        assertProblems(VALID.replace("\"tables\"", "\"unnamedTables\": {}, \"tables\""),
                "unnamedTables: applies only with \"watchAllTables\": true");
        assertProblems(VALID.replace("\"tables\"", "\"watchAllTables\": true, \"unnamedTables\": {\"optInTagKey\": \"aws:act\"},"
                + " \"tables\""), "unnamedTables.optInTagKey: \"aws:act\" is not a tag key");
        assertProblems(VALID.replace("\"tables\"", "\"watchAllTables\": true, \"unnamedTables\": {\"optIn\": 1}, \"tables\""),
                "unnamedTables.optIn: unknown key");
    }

    private static void assertProblems(String text, String expectedProblem) {
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(FILE + " is not a valid throttle-responder configuration:")
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(
                        problem -> assertThat(problem).startsWith(expectedProblem)));
    }
}
