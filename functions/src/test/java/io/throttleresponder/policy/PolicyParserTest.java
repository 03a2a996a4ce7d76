package io.throttleresponder.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyParserTest {

    /** The example document of docs/contracts.md. */
    private static final String CONTRACT_EXAMPLE = """
            {
              "dryRun": false,
              "killSwitch": false,
              "defaults": {
                "scaleFactor": 3.0,
                "headroomPercent": 20,
                "maxReadCapacityUnits": 40000,
                "maxWriteCapacityUnits": 40000,
                "maxOnDemandReadRequestUnits": 40000,
                "maxOnDemandWriteRequestUnits": 40000,
                "cooldownMinutes": 15,
                "contributorInsights": true,
                "contributorInsightsMode": "THROTTLED_KEYS",
                "hotKeySummaryDelayMinutes": 5,
                "hotKeySummaryRepeats": 3,
                "recoveryQuietMinutes": 30,
                "maskKeys": false,
                "dryRun": false
              },
              "tables": {
                "orders": { "scaleFactor": 2.0 },
                "sessions": {}
              }
            }
            """;

    private static Policy parse(String json) {
        return PolicyParser.parse(json, "RESPONDER_POLICY");
    }

    private static void assertFails(String json, String... fragments) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(PolicyException.class)
                .message().startsWith("RESPONDER_POLICY").contains(fragments);
    }

    @Test
    void defaults_equalTheSeedValues() {
        TableSettings defaults = TableSettings.DEFAULTS;

        assertThat(defaults.scaleFactor()).isEqualTo(3.0);
        assertThat(defaults.headroomPercent()).isEqualTo(20);
        assertThat(defaults.maxReadCapacityUnits()).isEqualTo(40_000);
        assertThat(defaults.maxWriteCapacityUnits()).isEqualTo(40_000);
        assertThat(defaults.maxOnDemandReadRequestUnits()).isEqualTo(40_000);
        assertThat(defaults.maxOnDemandWriteRequestUnits()).isEqualTo(40_000);
        assertThat(defaults.cooldown()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.contributorInsights()).isTrue();
        assertThat(defaults.contributorInsightsMode()).isEqualTo(ContributorInsightsMode.THROTTLED_KEYS);
        assertThat(defaults.hotKeySummaryDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.hotKeySummaryRepeats()).isEqualTo(3);
        assertThat(defaults.recoveryQuietPeriod()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.maskKeys()).isFalse();
        assertThat(defaults.dryRun()).isFalse();
    }

    @Test
    void parse_emptyDocument_usesSeedDefaultsAndWatchesNoTable() {
        Policy policy = parse("{}");

        assertThat(policy.defaults()).isEqualTo(TableSettings.DEFAULTS);
        assertThat(policy.dryRun()).isFalse();
        assertThat(policy.killSwitch()).isFalse();
        assertThat(policy.watchedTables()).isEmpty();
        assertThat(policy.settingsFor("orders")).isEmpty();
    }

    @Test
    void parse_contractExample_spellsOutTheDefaults() {
        Policy policy = parse(CONTRACT_EXAMPLE);

        assertThat(policy.defaults()).isEqualTo(TableSettings.DEFAULTS);
        assertThat(policy.watchedTables()).containsExactlyInAnyOrder("orders", "sessions");
        assertThat(policy.settingsFor("orders").orElseThrow().scaleFactor()).isEqualTo(2.0);
        assertThat(policy.settingsFor("sessions")).contains(TableSettings.DEFAULTS);
        assertThat(policy.settingsFor("inventory")).isEmpty();
    }

    @Test
    void parse_tableOverride_inheritsTheRestFromDefaults() {
        Policy policy = parse("""
                {"defaults": {"cooldownMinutes": 30, "maxWriteCapacityUnits": 1000},
                 "tables": {"orders": {"scaleFactor": 2.0}}}
                """);

        TableSettings orders = policy.settingsFor("orders").orElseThrow();
        assertThat(orders.scaleFactor()).isEqualTo(2.0);
        assertThat(orders.cooldown()).isEqualTo(Duration.ofMinutes(30));
        assertThat(orders.maxWriteCapacityUnits()).isEqualTo(1000);
        assertThat(orders.maxReadCapacityUnits()).isEqualTo(40_000);
        assertThat(policy.defaults().scaleFactor()).isEqualTo(3.0);
    }

    @Test
    void parse_everySettingOverridden_readsEachValue() {
        TableSettings settings = parse("""
                {"tables": {"orders": {
                  "scaleFactor": 4.5, "headroomPercent": 50, "maxReadCapacityUnits": 1000, "maxWriteCapacityUnits": 2000,
                  "maxOnDemandReadRequestUnits": 3000, "maxOnDemandWriteRequestUnits": 4000, "cooldownMinutes": 0,
                  "contributorInsights": false, "contributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS",
                  "hotKeySummaryDelayMinutes": 10, "hotKeySummaryRepeats": 0, "recoveryQuietMinutes": 60,
                  "maskKeys": true, "dryRun": true, "maxIncidentFactor": 4, "recoveryHorizonHours": 6,
                  "globalTableActingRegion": "eu-west-1", "notifyWhenMuted": true}}}
                """).settingsFor("orders").orElseThrow();

        assertThat(settings).isEqualTo(new TableSettings(4.5, 50, 1000, 2000, 3000, 4000, Duration.ZERO, false,
                ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS, Duration.ofMinutes(10), 0, Duration.ofMinutes(60),
                true, true, 4.0, Duration.ofHours(6), "eu-west-1", true, 500, 100, 80));
    }

    @Test
    void parse_globalSwitches_areRead() {
        Policy policy = parse("{\"dryRun\": true, \"killSwitch\": true}");

        assertThat(policy.dryRun()).isTrue();
        assertThat(policy.killSwitch()).isTrue();
    }

    @Test
    void dryRunFor_globalOrTableDryRun_isDryRun() {
        Policy global = parse("{\"dryRun\": true, \"tables\": {\"orders\": {}}}");
        Policy perTable = parse("{\"tables\": {\"orders\": {\"dryRun\": true}, \"sessions\": {}}}");

        assertThat(global.dryRunFor(global.settingsFor("orders").orElseThrow())).isTrue();
        assertThat(perTable.dryRunFor(perTable.settingsFor("orders").orElseThrow())).isTrue();
        assertThat(perTable.dryRunFor(perTable.settingsFor("sessions").orElseThrow())).isFalse();
    }

    @Test
    void parse_unknownTopLevelKey_failsNamingKey() {
        assertFails("{\"killswitch\": true}", "unknown key killswitch");
    }

    @Test
    void parse_unknownKeyInDefaults_failsNamingKey() {
        assertFails("{\"defaults\": {\"scalefactor\": 2}}", "unknown key defaults.scalefactor");
    }

    @Test
    void parse_unknownKeyInTable_failsNamingTableAndKey() {
        assertFails("{\"tables\": {\"orders\": {\"maxCapacity\": 5}}}", "unknown key tables.orders.maxCapacity");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"defaults\": {\"scaleFactor\": 1}}                  | defaults.scaleFactor must be above 1",
            "{\"defaults\": {\"scaleFactor\": 0.5}}                | defaults.scaleFactor must be above 1",
            "{\"defaults\": {\"scaleFactor\": 101}}                | defaults.scaleFactor must be above 1 and at most 100",
            "{\"defaults\": {\"scaleFactor\": \"x\"}}              | defaults.scaleFactor must be a number",
            "{\"tables\": {\"orders\": {\"scaleFactor\": 1.0}}}    | tables.orders.scaleFactor must be above 1",
            "{\"defaults\": {\"cooldownMinutes\": -1}}             | defaults.cooldownMinutes must be a whole number from 0",
            "{\"defaults\": {\"incidentTargetValue\": 19}}         | defaults.incidentTargetValue must be a whole number from 20 to 90",
            "{\"defaults\": {\"incidentTargetValue\": 91}}         | defaults.incidentTargetValue must be a whole number from 20 to 90",
            "{\"defaults\": {\"incidentScaleOutCooldownSeconds\": -1}} | defaults.incidentScaleOutCooldownSeconds must be a whole number from 0",
            "{\"defaults\": {\"tuneScalingPolicy\": \"no\"}}       | defaults.tuneScalingPolicy must be true or false",
            "{\"defaults\": {\"cooldownMinutes\": 1.5}}            | defaults.cooldownMinutes must be a whole number",
            "{\"defaults\": {\"cooldownMinutes\": \"15\"}}         | defaults.cooldownMinutes must be a whole number",
            "{\"defaults\": {\"headroomPercent\": 1001}}           | defaults.headroomPercent must be a whole number from 0 to 1000",
            "{\"defaults\": {\"maxReadCapacityUnits\": 0}}         | defaults.maxReadCapacityUnits must be a whole number from 1",
            "{\"defaults\": {\"maxWriteCapacityUnits\": null}}     | defaults.maxWriteCapacityUnits must be a whole number",
            "{\"defaults\": {\"hotKeySummaryRepeats\": 101}}       | defaults.hotKeySummaryRepeats must be a whole number from 0 to 100",
            "{\"defaults\": {\"recoveryQuietMinutes\": 10081}}     | defaults.recoveryQuietMinutes must be a whole number from 0 to 10080",
            "{\"defaults\": {\"contributorInsightsMode\": \"X\"}}  | defaults.contributorInsightsMode must be THROTTLED_KEYS or ACCESSED_AND_THROTTLED_KEYS, was \"X\"",
            "{\"defaults\": {\"contributorInsights\": \"yes\"}}    | defaults.contributorInsights must be true or false",
            "{\"tables\": {\"orders\": {\"maskKeys\": 1}}}         | tables.orders.maskKeys must be true or false",
            "{\"dryRun\": \"false\"}                                | dryRun must be true or false",
            "{\"killSwitch\": 0}                                    | killSwitch must be true or false",
            "{\"defaults\": []}                                     | defaults must be an object",
            "{\"tables\": {\"orders\": true}}                       | tables.orders must be an object",
            "{\"tables\": [\"orders\"]}                             | tables must be an object",
    })
    void parse_badTypeOrRange_failsNamingKey(String json, String message) {
        assertFails(json, message.trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "orders table", "orders/2026", "tåble"})
    void parse_invalidTableName_failsNamingTable(String table) {
        assertFails("{\"tables\": {\"" + table + "\": {}}}", "tables." + table, "not a valid DynamoDB table name");
    }

    @Test
    void parse_longestValidTableName_isAccepted() {
        String name = "t".repeat(255);

        assertThat(parse("{\"tables\": {\"" + name + "\": {}}}").watchedTables()).containsExactly(name);
    }

    @Test
    void parse_notJson_failsSayingSo() {
        assertFails("dryRun: true", "is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"policy\"", "42", ""})
    void parse_notAnObject_failsSayingSo(String document) {
        assertFails(document, "must be a JSON object");
    }

    @Test
    void parse_watchAllTables_givesUnnamedTablesTheDefaults_andTheDefaultOptInTag() {
        Policy policy = parse("{\"watchAllTables\": true, \"defaults\": {\"scaleFactor\": 2.0}, \"tables\": {\"orders\": {}}}");

        assertThat(policy.settingsFor("any-other-table")).contains(policy.defaults());
        assertThat(policy.optInRequiredFor("any-other-table")).contains(UnnamedTables.DEFAULTS);
        assertThat(policy.optInRequiredFor("orders")).isEmpty();
        assertThat(UnnamedTables.DEFAULTS.optedIn(java.util.Map.of("throttle-responder:act", "true"))).isTrue();
    }

    @Test
    void parse_withoutWatchAllTables_watchesOnlyTheNamedTables() {
        Policy policy = parse("{\"tables\": {\"orders\": {}}}");

        assertThat(policy.settingsFor("any-other-table")).isEmpty();
        assertThat(policy.optInRequiredFor("any-other-table")).isEmpty();
    }

    @Test
    void parse_unnamedTables_readsItsOptInTag() {
        Policy policy = parse("{\"watchAllTables\": true, \"unnamedTables\": {\"optInTagKey\": \"team:autoscale\","
                + " \"optInTagValue\": \"yes\", \"contributorInsightsWithoutOptIn\": true}}");

        assertThat(policy.unnamedTables()).isEqualTo(new UnnamedTables("team:autoscale", "yes", true));
    }

    @Test
    void parse_unnamedTablesWithoutWatchAllTables_failsNamingIt() {
        assertThatThrownBy(() -> parse("{\"unnamedTables\": {}}"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("unnamedTables applies only with");
    }

    @Test
    void parse_optInTagKeyReservedByAws_failsNamingTheKey() {
        assertThatThrownBy(() -> parse("{\"watchAllTables\": true, \"unnamedTables\": {\"optInTagKey\": \"aws:x\"}}"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("unnamedTables.optInTagKey");
    }

    @Test
    void parse_hotKeySummaryDelayOfZero_isRejected_asTheDeploymentConfigurationRejectsIt() {
        assertThatThrownBy(() -> parse("{\"defaults\": {\"hotKeySummaryDelayMinutes\": 0}}"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("hotKeySummaryDelayMinutes must be a whole number from 1");
    }

    @Test
    void parse_sensor_readsItsNamespaceAndLogGroups_andWithoutOneThereIsNone() {
        Policy policy = parse("{\"sensor\": {\"namespace\": \"Checkout/ThrottleSensor\", \"logGroups\": [\"/aws/lambda/orders-api\"]}}");

        assertThat(policy.sensor()).isEqualTo(new SensorSettings("Checkout/ThrottleSensor", List.of("/aws/lambda/orders-api")));
        assertThat(policy.sensorNamespace()).contains("Checkout/ThrottleSensor");
        assertThat(parse("{\"sensor\": {}}").sensor()).isEqualTo(SensorSettings.DEFAULTS);
        assertThat(parse("{}").sensor()).isNull();
        assertThat(parse("{}").sensorNamespace()).isEmpty();
    }

    @Test
    void parse_badSensor_failsNamingTheValue() {
        assertFails("{\"sensor\": []}", "sensor must be an object");
        assertFails("{\"sensor\": {\"namespace\": \"AWS/DynamoDB\"}}", "sensor.namespace", "\"AWS/DynamoDB\"");
        assertFails("{\"sensor\": {\"namespace\": 7}}", "sensor.namespace", "7");
        assertFails("{\"sensor\": {\"logGroups\": \"/app\"}}", "sensor.logGroups must be a list");
        assertFails("{\"sensor\": {\"logGroups\": [\"a b\"]}}", "\"a b\", not a log group name");
        assertFails("{\"sensor\": {\"logGroup\": []}}", "sensor.logGroup");
        String eleven = String.join(",", java.util.stream.IntStream.range(0, 11).mapToObj(i -> "\"/app/" + i + "\"").toList());
        assertFails("{\"sensor\": {\"logGroups\": [" + eleven + "]}}", "names 11 log groups", "at most 10");
    }
}
