package io.throttleresponder;

import static io.throttleresponder.ScenarioReplay.action;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample scenarios of events/scenarios, replayed as `--scenario` runs them: each notification and
 * follow-up at its time, and the state they leave behind.
 */
class ScenarioRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCENARIOS = SandboxFixture.EVENTS.resolve("scenarios");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    /** From tests/, where Maven runs them, the runner's default --insights (events/insights) is not there. */
    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--insights", SandboxFixture.EVENTS.resolve("insights").toString()));
        all.addAll(List.of(args));
        return LocalRunner.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private List<JsonNode> results() throws IOException {
        List<JsonNode> lines = lines();
        return lines.subList(0, lines.size() - 1);
    }

    private JsonNode finalState() throws IOException {
        List<JsonNode> lines = lines();
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.fieldNames()).toIterable().containsExactly("final");
        return last.get("final");
    }

    private Path scenario(String json) throws IOException {
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, json.replace("TABLES", SandboxFixture.EVENTS.resolve("sandbox-tables.json").toAbsolutePath()
                .toString().replace("\\", "\\\\")));
        return file;
    }

    @Test
    void provisionedIncident_raiseWaitsForTheBusyTable_summaries_thenRecoveryRestoresAfterTheQuietPeriod() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("provisioned-incident.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        assertThat(results).extracting(r -> r.get("at").asText(), r -> r.get("kind").asText(), r -> r.get("outcome").asText())
                .containsExactly(
                        tuple("2026-11-20T03:02:00Z", "NOTIFICATION", "ACTED"),
                        tuple("2026-11-20T03:02:30Z", "RETRY", "ACTED"),
                        tuple("2026-11-20T03:07:00Z", "SUMMARY", "ACTED"),
                        tuple("2026-11-20T03:12:00Z", "SUMMARY", "ACTED"),
                        tuple("2026-11-20T03:17:00Z", "SUMMARY", "ACTED"),
                        tuple("2026-11-20T03:22:00Z", "SUMMARY", "ACTED"),
                        tuple("2026-11-20T03:22:00Z", "NOTIFICATION", "ACTED"),
                        // The last summary, before the OK, handed the incident to the watch of its metrics; the OK
                        // came, so the watch leaves the recovery to it (each waits out the SQS delay limit once).
                        tuple("2026-11-20T03:37:00Z", "QUIET_WATCH", "PLANNED"),
                        tuple("2026-11-20T03:37:00Z", "RECOVERY", "PLANNED"),
                        tuple("2026-11-20T03:52:00Z", "QUIET_WATCH", "IGNORED"),
                        tuple("2026-11-20T03:52:00Z", "RECOVERY", "ACTED"));
        JsonNode alarm = results.get(0);
        assertThat(alarm.get("alarm").asText()).isEqualTo("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
        assertThat(alarm.get("delivery").asText()).isEqualTo("SNS");
        // The table was UPDATING: the raise waited for the retry 30 s later.
        assertThat(action(alarm, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("SKIPPED");
        JsonNode retried = action(results.get(1), "UPDATE_PROVISIONED");
        assertThat(retried.get("status").asText()).isEqualTo("APPLIED");
        assertThat(retried.get("from").asLong()).isEqualTo(50);
        assertThat(retried.get("to").asLong()).isEqualTo(150);
        assertThat(results.get(2).get("summaries").get(0).get("topKeys").get(0).get("key").asText()).isEqualTo("customer#1042");
        assertThat(results.get(10).get("resource").asText()).isEqualTo("table/orders");
        JsonNode restored = action(results.get(10), "RESTORE_PROVISIONED");
        assertThat(restored.get("from").asLong()).isEqualTo(150);
        assertThat(restored.get("to").asLong()).isEqualTo(50);
        assertThat(finalState().get("table/orders")).isEqualTo(JSON.readTree(
                "{\"billingMode\": \"PROVISIONED\", \"read\": 100, \"write\": 50, \"contributorInsights\": \"DISABLED\","
                        + " \"scalableTargets\": {}}"));
    }

    @Test
    void evaluatedAlarms_anIncidentEndingInSilenceIsUndone_andTheOneHoursLaterIsAnsweredAgain() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("evaluated-incident-ends-in-silence.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        String alarm = "throttle-responder-orders-WriteProvisionedThroughputThrottleEvents";
        List<JsonNode> notifications = results.stream().filter(r -> r.get("kind").asText().equals("NOTIFICATION"))
                .filter(r -> r.get("alarm").asText().equals(alarm)).toList();
        // No alarm step: CloudWatch's own evaluation of the stack's alarm, from INSUFFICIENT_DATA on.
        assertThat(notifications).extracting(r -> r.get("at").asText(), r -> r.get("state").asText(), r -> r.get("outcome").asText())
                .containsExactly(
                        tuple("2026-11-20T03:00:00Z", "OK", "IGNORED"),
                        tuple("2026-11-20T03:01:00Z", "ALARM", "ACTED"),
                        tuple("2026-11-20T03:21:00Z", "OK", "ACTED"),
                        tuple("2026-11-20T08:01:00Z", "ALARM", "ACTED"),
                        tuple("2026-11-20T08:16:00Z", "OK", "ACTED"));
        for (JsonNode raised : List.of(notifications.get(1), notifications.get(3))) {
            JsonNode update = action(raised, "UPDATE_PROVISIONED");
            assertThat(update.get("status").asText()).isEqualTo("APPLIED");
            assertThat(update.get("from").asLong()).isEqualTo(50);
            assertThat(update.get("to").asLong()).isEqualTo(150);
        }
        assertThat(lastRestoredWrite(results, "2026-11-20T08:00:00Z")).as("undone after the first silence").isEqualTo(50);
        assertThat(lastRestoredWrite(results, "2026-11-20T10:00:00Z")).as("undone after the second").isEqualTo(50);
        assertThat(finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("DISABLED");
    }

    @Test
    void evaluatedAlarms_accountWideContributor_endsInSilence_staysInAlarm_andTheQuietWatchUndoesTheRaise() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("evaluated-unnamed-table-ends-in-silence.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        String alarm = "throttle-responder-all-tables-WriteProvisionedThroughputThrottleEvents";
        List<JsonNode> notifications = results.stream().filter(r -> r.get("kind").asText().equals("NOTIFICATION"))
                .filter(r -> r.get("alarm").asText().equals(alarm)).toList();
        // The alarm's own change (no table: ignored), then the orders contributor's; never an OK after the silence.
        assertThat(notifications).extracting(r -> r.get("at").asText(), r -> r.get("state").asText(), r -> r.get("outcome").asText())
                .containsExactly(
                        tuple("2026-11-20T03:01:00Z", "ALARM", "IGNORED"),
                        tuple("2026-11-20T03:01:00Z", "ALARM", "ACTED"));
        JsonNode update = action(notifications.get(1), "UPDATE_PROVISIONED");
        assertThat(update.get("status").asText()).isEqualTo("APPLIED");
        assertThat(update.get("to").asLong()).isEqualTo(150);
        JsonNode watch = results.stream().filter(r -> r.get("kind").asText().equals("QUIET_WATCH"))
                .filter(r -> r.get("outcome").asText().equals("ACTED")).findFirst().orElseThrow();
        assertThat(watch.get("at").asText()).isEqualTo("2026-11-20T03:51:00Z");
        assertThat(action(watch, "RESTORE_PROVISIONED").get("to").asLong()).isEqualTo(50);
        assertThat(finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("DISABLED");
    }

    @Test
    void evaluatedAlarms_accountWideContributorLeftInAlarm_itsTableIsWatched_andTheNextIncidentIsAnsweredThoughNoAlarmIsSent()
            throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("evaluated-unnamed-table-second-incident.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        // CloudWatch notifies once: the contributors stay in ALARM through the silence and the second incident.
        assertThat(results).filteredOn(r -> r.get("kind").asText().equals("NOTIFICATION"))
                .extracting(r -> r.get("at").asText()).containsOnly("2026-11-20T03:01:00Z");
        List<JsonNode> undos = results.stream().filter(r -> r.get("kind").asText().equals("QUIET_WATCH"))
                .filter(r -> r.get("outcome").asText().equals("ACTED")).toList();
        assertThat(undos).extracting(r -> r.get("at").asText()).containsExactly("2026-11-20T03:51:00Z", "2026-11-20T06:51:00Z");
        assertThat(action(undos.get(0), "WATCH_CONTRIBUTOR").get("status").asText()).isEqualTo("APPLIED");
        assertThat(action(undos.get(0), "WATCH_CONTRIBUTOR").get("reason").asText())
                .contains("still in ALARM, which SetAlarmState cannot set");
        JsonNode answered = results.stream().filter(r -> r.get("kind").asText().equals("CONTRIBUTOR_WATCH"))
                .filter(r -> r.get("outcome").asText().equals("ACTED")).findFirst().orElseThrow();
        // The second incident starts at 06:00; the watch reads it at its next look, a minute later.
        assertThat(answered.get("at").asText()).isEqualTo("2026-11-20T06:01:00Z");
        assertThat(answered.get("reason").asText()).contains("throttled again").contains("answered as its ALARM");
        assertThat(action(answered, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("APPLIED");
        assertThat(action(answered, "UPDATE_PROVISIONED").get("to").asLong()).isEqualTo(150);
        assertThat(action(undos.get(1), "RESTORE_PROVISIONED").get("to").asLong()).isEqualTo(50);
        assertThat(finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
    }

    @Test
    void insightsOff_noOkEver_theRaiseSchedulesTheQuietWatch_whichUndoesItFromTheMetrics() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("no-insights-no-ok-still-undone.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        JsonNode alarm = results.stream().filter(r -> r.get("kind").asText().equals("NOTIFICATION")).findFirst().orElseThrow();
        assertThat(action(alarm, "UPDATE_PROVISIONED").get("to").asLong()).isEqualTo(150);
        assertThat(action(alarm, "SCHEDULE_RECOVERY").get("status").asText()).isEqualTo("APPLIED");
        JsonNode undone = results.stream().filter(r -> r.get("kind").asText().equals("QUIET_WATCH"))
                .filter(r -> r.get("outcome").asText().equals("ACTED")).findFirst().orElseThrow();
        assertThat(action(undone, "RESTORE_PROVISIONED").get("to").asLong()).isEqualTo(50);
        assertThat(action(undone, "SET_ALARM_STATE").get("status").asText()).isEqualTo("APPLIED");
        assertThat(finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
    }

    @Test
    void evaluatedAlarms_gsiIncident_raisesTheIndex_andUndoesItAfterSilence() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("evaluated-gsi-incident.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        JsonNode raised = results.stream().filter(r -> r.get("kind").asText().equals("NOTIFICATION"))
                .filter(r -> r.get("state").asText().equals("ALARM")).findFirst().orElseThrow();
        assertThat(raised.get("alarm").asText()).isEqualTo("throttle-responder-orders-by-status-WriteProvisionedThroughputThrottleEvents");
        assertThat(raised.get("at").asText()).isEqualTo("2026-11-21T09:06:00Z");
        assertThat(action(raised, "UPDATE_PROVISIONED").get("resource").asText()).isEqualTo("table/orders/index/by-status");
        assertThat(action(raised, "UPDATE_PROVISIONED").get("to").asLong()).isEqualTo(75);
        assertThat(results).filteredOn(r -> r.get("kind").asText().equals("NOTIFICATION") && r.get("state").asText().equals("OK")
                        && r.get("alarm").asText().equals(raised.get("alarm").asText()))
                .extracting(r -> r.get("at").asText()).containsExactly("2026-11-21T09:00:00Z", "2026-11-21T09:21:00Z");
        assertThat(finalState().get("table/orders/index/by-status").get("write").asLong()).isEqualTo(25);
        assertThat(finalState().get("table/orders/index/by-status").get("contributorInsights").asText()).isEqualTo("DISABLED");
    }

    @Test
    void evaluatedAlarms_burstsThatComeAndGo_areEachAnswered_andEachUndone() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("evaluated-bursts.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        List<JsonNode> raises = results.stream().filter(r -> r.get("kind").asText().equals("NOTIFICATION"))
                .filter(r -> r.findValuesAsText("type").contains("UPDATE_PROVISIONED"))
                .filter(r -> action(r, "UPDATE_PROVISIONED").get("status").asText().equals("APPLIED")).toList();
        assertThat(raises).extracting(r -> r.get("at").asText())
                .containsExactly("2026-11-22T12:04:00Z", "2026-11-22T14:01:00Z", "2026-11-22T16:01:00Z");
        List<JsonNode> restores = results.stream().filter(r -> r.get("kind").asText().equals("RECOVERY"))
                .filter(r -> r.findValuesAsText("type").contains("RESTORE_PROVISIONED"))
                .map(r -> action(r, "RESTORE_PROVISIONED"))
                .filter(a -> a.get("status").asText().equals("APPLIED")).toList();
        assertThat(restores).extracting(a -> a.get("to").asLong()).containsExactly(100L, 100L, 100L);
        assertThat(finalState().get("table/orders").get("read").asLong()).isEqualTo(100);
    }

    @Test
    void noOkEver_theQuietWatchUndoesFromTheMetrics_setsTheAlarmStillInAlarmBackToOk_andHistoryShowsIt() throws IOException {
        // An alarm that never sends its OK (edited by hand, or on a metric that disappeared): stated, it stays in ALARM.
        Path file = scenario("""
                {"start": "2026-11-20T03:00:00Z", "tables": "TABLES", "runFor": "2h", "steps": [
                  {"at": "+0s", "metrics": {"table/orders": {"ConsumedWriteCapacityUnits": 50, "WriteProvisionedThroughputThrottleEvents": 412}}},
                  {"at": "+1m", "alarm": {"table": "orders", "metric": "WriteProvisionedThroughputThrottleEvents", "state": "ALARM", "value": 412}},
                  {"at": "+20m", "metrics": {"table/orders": {"ConsumedWriteCapacityUnits": 30, "WriteProvisionedThroughputThrottleEvents": null}}},
                  {"at": "+1h30m", "ops": "history orders --limit 1"}
                ]}""");

        int exit = run("--json", "--scenario", file.toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        List<JsonNode> watches = results.stream().filter(r -> r.get("kind").asText().equals("QUIET_WATCH")).toList();
        JsonNode undone = watches.get(watches.size() - 1);
        // The summaries end at +21m with the alarm still in ALARM; throttling stopped at +20m; 30 min quiet after.
        assertThat(undone.get("at").asText()).isEqualTo("2026-11-20T03:51:00Z");
        assertThat(undone.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(undone.get("reason").asText()).contains("no OK came").contains("recovery started from the metrics");
        assertThat(action(undone, "RESTORE_PROVISIONED").get("status").asText()).isEqualTo("APPLIED");
        assertThat(action(undone, "RESTORE_PROVISIONED").get("to").asLong()).isEqualTo(50);
        JsonNode inStep = action(undone, "SET_ALARM_STATE");
        assertThat(inStep.get("status").asText()).isEqualTo("APPLIED");
        assertThat(inStep.get("reason").asText()).startsWith("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents was"
                + " still in ALARM");
        JsonNode history = results.stream().filter(r -> r.get("kind").asText().equals("OPS")).findFirst().orElseThrow();
        assertThat(history.get("output").asText()).contains("no OK came").contains("APPLIED SET_ALARM_STATE table/orders")
                .contains("APPLIED RESTORE_PROVISIONED table/orders WRITE 150 -> 50");
        assertThat(finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
    }

    @Test
    void noOkEver_whileTheMetricsStillThrottle_theQuietWatchLooksAgain_andUndoesOnlyOnceQuietForTheWholePeriod()
            throws IOException {
        Path file = scenario("""
                {"start": "2026-11-20T03:00:00Z", "tables": "TABLES", "runFor": "2h", "steps": [
                  {"at": "+0s", "metrics": {"table/orders": {"ConsumedWriteCapacityUnits": 50, "WriteProvisionedThroughputThrottleEvents": 412}}},
                  {"at": "+1m", "alarm": {"table": "orders", "metric": "WriteProvisionedThroughputThrottleEvents", "state": "ALARM", "value": 412}},
                  {"at": "+20m", "metrics": {"table/orders": {"WriteProvisionedThroughputThrottleEvents": 10}}},
                  {"at": "+1h", "metrics": {"table/orders": {"ConsumedWriteCapacityUnits": 30, "WriteProvisionedThroughputThrottleEvents": null}}}
                ]}""");

        int exit = run("--json", "--scenario", file.toString());

        assertThat(exit).isZero();
        List<JsonNode> looks = results().stream().filter(r -> r.get("kind").asText().equals("QUIET_WATCH"))
                .filter(r -> !r.get("reason").asText().startsWith("not due until")).toList();
        assertThat(looks).extracting(r -> r.get("at").asText(), r -> r.get("outcome").asText()).containsExactly(
                tuple("2026-11-20T03:51:00Z", "PLANNED"),
                tuple("2026-11-20T04:21:00Z", "PLANNED"),
                tuple("2026-11-20T04:51:00Z", "ACTED"));
        assertThat(looks.get(0).get("reason").asText()).isEqualTo("not quiet since 2026-11-20T03:21:00Z:"
                + " [WriteProvisionedThroughputThrottleEvents peaked at 10.0/min]");
        assertThat(action(looks.get(2), "RESTORE_PROVISIONED").get("to").asLong()).isEqualTo(50);
    }

    /** The write capacity the latest applied restore of table/orders before {@code before} set. */
    private static long lastRestoredWrite(List<JsonNode> results, String before) {
        return results.stream()
                .filter(r -> r.get("kind").asText().equals("RECOVERY") && r.get("at").asText().compareTo(before) < 0)
                .filter(r -> r.findValuesAsText("type").contains("RESTORE_PROVISIONED"))
                .map(r -> action(r, "RESTORE_PROVISIONED"))
                .filter(a -> a.get("status").asText().equals("APPLIED"))
                .reduce((first, second) -> second).orElseThrow().get("to").asLong();
    }

    @Test
    void hotPartition_changesNoCapacity_summarisesTheHotKeys_andSwitchesInsightsOffAfterRecovery() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("hot-partition.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        assertThat(results.get(0).get("delivery").asText()).isEqualTo("EVENTBRIDGE");
        assertThat(results.get(0).get("incident").get("cause").asText()).isEqualTo("KEY_RANGE");
        assertThat(results).flatExtracting(r -> r.findValuesAsText("type"))
                .doesNotContain("UPDATE_PROVISIONED", "RAISE_AUTOSCALING_MIN", "RAISE_ON_DEMAND_MAX");
        assertThat(results).filteredOn(r -> r.get("kind").asText().equals("SUMMARY"))
                .extracting(r -> r.get("at").asText())
                .containsExactly("2026-11-20T09:06:00Z", "2026-11-20T09:11:00Z", "2026-11-20T09:16:00Z", "2026-11-20T09:21:00Z");
        JsonNode summary = results.stream().filter(r -> r.get("kind").asText().equals("SUMMARY")).findFirst().orElseThrow();
        assertThat(summary.get("summaries").get(0).get("recommendation").asText()).contains("Write sharding");
        JsonNode recovery = results.get(results.size() - 1);
        assertThat(recovery.get("kind").asText()).isEqualTo("RECOVERY");
        assertThat(action(recovery, "DISABLE_CONTRIBUTOR_INSIGHTS").get("status").asText()).isEqualTo("APPLIED");
        assertThat(finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("DISABLED");
    }

    @Test
    void autoScaledTable_raisesTheScalableTargetsMinimum_neverABareUpdateTable_andRestoresIt() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("auto-scaled-table.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        assertThat(results.get(0).get("delivery").asText()).isEqualTo("ALARM_ACTION");
        JsonNode raised = action(results.get(0), "RAISE_AUTOSCALING_MIN");
        assertThat(raised.get("from").asLong()).isEqualTo(100);
        assertThat(raised.get("to").asLong()).isEqualTo(300);
        assertThat(results).flatExtracting(r -> r.findValuesAsText("type")).doesNotContain("UPDATE_PROVISIONED");
        JsonNode recovery = results.get(results.size() - 1);
        assertThat(action(recovery, "RESTORE_AUTOSCALING_MIN").get("to").asLong()).isEqualTo(100);
        JsonNode inventory = finalState().get("table/inventory");
        assertThat(inventory.get("scalableTargets").get("WRITE")).isEqualTo(JSON.readTree("{\"min\": 100, \"max\": 1000}"));
        // Registering the raised minimum moved the capacity up; lowering it again moves nothing (the scaler scales in later).
        assertThat(inventory.get("write").asLong()).isEqualTo(300);
    }

    @Test
    void autoScaledTable_lowersTheTargetAndShortensTheCooldown_withTheFloor_thenPutsThePolicyBackExactly() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("auto-scaled-table-scaler-tuning.json").toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> results = results();
        JsonNode response = results.get(0);
        assertThat(action(response, "RAISE_AUTOSCALING_MIN").get("status").asText()).isEqualTo("APPLIED");
        JsonNode tuned = action(response, "TUNE_SCALING_POLICY");
        assertThat(tuned.get("status").asText()).isEqualTo("APPLIED");
        assertThat(tuned.get("reason").asText()).startsWith("both: ")
                .endsWith("policy inventory-writes: TargetValue 70, ScaleOutCooldown 300 s -> TargetValue 50, ScaleOutCooldown 60 s");
        JsonNode status = results.stream().filter(r -> r.get("kind").asText().equals("OPS")).findFirst().orElseThrow();
        assertThat(status.toString()).contains("inventory-writes").contains("TargetValue\\\":50.0");
        JsonNode recovery = results.stream().filter(r -> !r.get("kind").asText().equals("OPS")
                && r.toString().contains("RESTORE_SCALING_POLICY")).findFirst().orElseThrow();
        JsonNode restored = action(recovery, "RESTORE_SCALING_POLICY");
        assertThat(restored.get("status").asText()).isEqualTo("APPLIED");
        assertThat(restored.get("reason").asText()).isEqualTo("policy inventory-writes back to TargetValue 70, ScaleOutCooldown"
                + " 300 s, as before the incident");
        assertThat(action(recovery, "RESTORE_AUTOSCALING_MIN").get("to").asLong()).isEqualTo(100);
        JsonNode inventory = finalState().get("table/inventory");
        assertThat(inventory.get("scalingPolicies").get("WRITE")).isEqualTo(JSON.readTree(
                "{\"PolicyName\": \"inventory-writes\", \"PolicyType\": \"TargetTrackingScaling\","
                        + " \"TargetTrackingScalingPolicyConfiguration\": {\"TargetValue\": 70.0,"
                        + " \"PredefinedMetricSpecification\": {\"PredefinedMetricType\": \"DynamoDBWriteCapacityUtilization\"},"
                        + " \"ScaleOutCooldown\": 300, \"ScaleInCooldown\": 900, \"DisableScaleIn\": false}}"));
        assertThat(inventory.get("scalableTargets").get("WRITE")).isEqualTo(JSON.readTree("{\"min\": 100, \"max\": 1000}"));
    }

    @Test
    void onDemandTable_raisesTheMaximumReadRequestUnits_andRestoresIt() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("on-demand-table.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        JsonNode raised = action(results.get(0), "RAISE_ON_DEMAND_MAX");
        assertThat(raised.get("from").asLong()).isEqualTo(1000);
        assertThat(raised.get("to").asLong()).isEqualTo(3000);
        assertThat(action(results.get(results.size() - 1), "RESTORE_ON_DEMAND_MAX").get("to").asLong()).isEqualTo(1000);
        assertThat(finalState().get("table/sessions")).isEqualTo(JSON.readTree(
                "{\"billingMode\": \"PAY_PER_REQUEST\", \"maxRead\": 1000, \"maxWrite\": 500, \"contributorInsights\": \"DISABLED\","
                        + " \"scalableTargets\": {}}"));
    }

    @Test
    void readable_printsOneBlockPerStepAndFollowUp_withItsTime_thenTheFinalState() {
        int exit = run("--scenario", SCENARIOS.resolve("provisioned-incident.json").toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(text)
                .contains("[2026-11-20T03:01:00Z +1m] step 2: tables UPDATING for {orders=PT1M30S}")
                .contains("[2026-11-20T03:02:30Z +2m30s] RETRY table/orders")
                .contains("[2026-11-20T03:52:00Z +52m] RECOVERY table/orders")
                .contains("RESTORE_PROVISIONED          table/orders WRITE 150 -> 50")
                .contains("Final state at 2026-11-20T04:22:00Z")
                .containsPattern("table/orders +read 100 RCU, write 50 WCU; Contributor Insights DISABLED");
    }

    @Test
    void someoneElsesChanges_areMadeThroughTheStrictSandbox_andARefusedDecreaseIsReported() throws IOException {
        StringBuilder steps = new StringBuilder();
        // Four decreases are allowed at any time of a UTC day; the fifth within the hour is refused.
        for (int i = 1; i <= 5; i++) {
            steps.append("{\"at\": \"+%dm\", \"capacity\": {\"table/orders\": {\"READ\": %d}}},".formatted(i, 100 - 10 * i));
        }
        Path file = scenario("""
                {"start": "2026-11-20T03:00:00Z", "tables": "TABLES", "steps": [%s
                  {"at": "+10m", "scalableTarget": {"table/inventory": {"WRITE": {"min": 150}}}},
                  {"at": "+11m", "billingMode": {"sessions": "PROVISIONED"}}]}
                """.formatted(steps));

        int exit = run("--json", "--scenario", file.toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused by AWS: LimitExceededException")
                .contains("table/orders");
        JsonNode state = finalState();
        assertThat(state.get("table/orders").get("read").asLong()).isEqualTo(60);
        assertThat(state.get("table/inventory").get("write").asLong()).isEqualTo(150);
        assertThat(state.get("table/inventory").get("scalableTargets").get("WRITE").get("min").asLong()).isEqualTo(150);
        assertThat(state.get("table/sessions").get("billingMode").asText()).isEqualTo("PROVISIONED");
    }

    @Test
    void ownAccountAndRegion_comeFromTheScenario_andAnotherAccountsEventIsIgnored() throws IOException {
        Path file = scenario("""
                {"account": "210987654321", "region": "eu-west-1", "start": "2026-11-20T03:00:00Z", "tables": "TABLES",
                 "steps": [
                  {"at": "+1m", "alarm": {"table": "orders", "metric": "WriteProvisionedThroughputThrottleEvents", "state": "ALARM", "value": 99}},
                  {"at": "+2m", "event": "%s"}]}
                """.formatted(SandboxFixture.EVENTS.resolve("sns-write-provisioned-inventory.json").toAbsolutePath()
                .toString().replace("\\", "\\\\")));

        int exit = run("--json", "--scenario", file.toString());

        assertThat(exit).isZero();
        List<JsonNode> results = results();
        assertThat(results.get(0).get("outcome").asText()).isEqualTo("ACTED");
        assertThat(results.get(1).get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(results.get(1).get("reason").asText()).contains("account 123456789012").contains("210987654321");
    }

    @Test
    void alarmAlreadyInThatState_sendsNothing_asCloudWatchNotifiesOnChangesOnly() throws IOException {
        Path file = scenario("""
                {"start": "2026-11-20T03:00:00Z", "tables": "TABLES", "steps": [
                  {"at": "+1m", "alarm": {"table": "orders", "metric": "ReadKeyRangeThroughputThrottleEvents", "state": "OK", "value": 0}}]}
                """);

        int exit = run("--json", "--scenario", file.toString());

        assertThat(exit).isZero();
        assertThat(lines()).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the alarm is already OK: CloudWatch sends nothing");
    }

    @Test
    void operatorControls_statusPauseUndoResumeAndHistory_runAsTheCliRunsThem() throws IOException {
        int exit = run("--json", "--scenario", SCENARIOS.resolve("operator-controls.json").toString());

        assertThat(exit).isZero();
        List<JsonNode> ops = results().stream().filter(r -> r.get("kind").asText().equals("OPS")).toList();
        assertThat(ops).extracting(o -> o.get("command").asText(), o -> o.get("exit").asInt()).containsExactly(
                tuple("status", 0), tuple("pause --by oncall --reason load-test", 0), tuple("undo orders", 1),
                tuple("undo orders", 0), tuple("resume", 0), tuple("history orders --limit 5", 0));
        assertThat(ops.get(0).get("output").asText()).contains("Responder: running", "provisioned raised to 150 WCU (pre-incident 50)");
        assertThat(ops.get(2).get("output").asText()).contains("recovery cancelled: still in ALARM");
        assertThat(ops.get(3).get("output").asText()).contains("APPLIED RESTORE_PROVISIONED WRITE 150 -> 50 WCU");
        JsonNode pausedAlarm = results().stream().filter(r -> r.path("alarm").asText().contains("sessions")).findFirst()
                .orElseThrow();
        assertThat(pausedAlarm.get("outcome").asText()).isEqualTo("PLANNED");
        assertThat(pausedAlarm.get("reason").asText()).isEqualTo("paused by an operator");
        assertThat(finalState().get("table/sessions").get("maxWrite").asLong()).isEqualTo(500);
        assertThat(finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
    }

    @Test
    void operatorCommandThatIsNotOne_isAUsageError_reportedAsRejected() throws IOException {
        Path file = scenario("""
                {"start": "2026-11-20T03:00:00Z", "tables": "TABLES", "steps": [{"at": "+1m", "ops": "reboot"}]}
                """);

        int exit = run("--json", "--scenario", file.toString());

        assertThat(exit).isEqualTo(LocalRunner.FAILED);
        JsonNode ops = results().get(0);
        assertThat(ops.get("kind").asText()).isEqualTo("OPS");
        assertThat(ops.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(ops.get("exit").asInt()).isEqualTo(2);
        assertThat(ops.get("reason").asText()).contains("Unmatched argument at index 0: 'reboot'");
    }

    @Test
    void badScenario_isAUsageError_beforeAnythingRuns() throws IOException {
        Path file = scenario("""
                {"start": "2026-11-20T03:00:00Z", "tables": "TABLES", "steps": [
                  {"at": "+1m", "busy": {"orders": "1m"}, "ops": "pause"}]}
                """);

        int exit = run("--json", "--scenario", file.toString());

        assertThat(exit).isEqualTo(LocalRunner.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("step 1 (at +1m): has 2 actions");
    }

    @Test
    void scenarioWithEventFiles_isAUsageError() {
        int exit = run("--scenario", SCENARIOS.resolve("hot-partition.json").toString(),
                SandboxFixture.EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(exit).isEqualTo(LocalRunner.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scenario replays one timeline");
    }
}
