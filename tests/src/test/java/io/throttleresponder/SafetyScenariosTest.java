package io.throttleresponder;

import static io.throttleresponder.ScenarioReplay.action;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The safety promises of the README ("Reliability and safety"), each replayed as the timeline of
 * events/scenarios/safety in the sandbox, which refuses what AWS refuses.
 */
class SafetyScenariosTest {

    private static final Path SAFETY = SandboxFixture.EVENTS.resolve("scenarios").resolve("safety");

    private static List<String> restores(ScenarioReplay replay, String type) {
        return replay.ofKind("RECOVERY").stream()
                .flatMap(r -> r.get("actions").findParents("type").stream())
                .filter(a -> a.get("type").asText().equals(type))
                .map(a -> a.get("status").asText() + " " + a.get("from").asLong() + " -> " + a.get("to").asLong())
                .toList();
    }

    @Test
    void undo_holdsWhileDemandNeedsTheRaisedCapacity_stepsDownWithIt_andRestoresWhenItIsGone() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("undo-waits-for-demand.json"));

        assertThat(replay.exit()).isZero();
        List<String> restores = restores(replay, "RESTORE_PROVISIONED");
        // Writes at 140 WCU/s after the OK: 150 -> 50 would re-cause the throttling, so it holds ...
        assertThat(restores).startsWith("SKIPPED 150 -> 50", "SKIPPED 150 -> 50");
        // ... steps down to 108 when writes fall to 90/s, and restores 50 only once they are at 20/s.
        assertThat(restores).contains("APPLIED 150 -> 108").endsWith("APPLIED 108 -> 50");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        JsonNode held = replay.ofKind("RECOVERY").stream().filter(r -> r.path("actions").size() > 0).findFirst().orElseThrow();
        assertThat(action(held, "RESTORE_PROVISIONED").get("reason").asText())
                .startsWith("held: today's demand (peak 140 WCU/s + 20% headroom) needs 168");
    }

    @Test
    void onDemandMaximum_isNotLoweredWhileReadsStillNeedIt() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("on-demand-undo-waits-for-demand.json"));

        assertThat(replay.exit()).isZero();
        List<String> restores = restores(replay, "RESTORE_ON_DEMAND_MAX");
        assertThat(restores).first().isEqualTo("SKIPPED 3000 -> 1000");
        assertThat(restores).last().isEqualTo("APPLIED 3000 -> 1000");
        assertThat(replay.finalState().get("table/sessions").get("maxRead").asLong()).isEqualTo(1000);
    }

    @Test
    void restore_heldByABusyTableAndByTheDecreaseRule_isTriedAgainWhenAwsAllows_neverDropped() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("restore-waits-for-busy-table-and-decrease-rule.json"));

        assertThat(replay.exit()).isZero();
        List<JsonNode> looks = replay.ofKind("RECOVERY").stream().filter(r -> r.path("actions").size() > 0).toList();
        assertThat(looks).extracting(r -> r.get("at").asText(),
                        r -> action(r, "RESTORE_PROVISIONED").get("status").asText(),
                        r -> action(r, "RESTORE_PROVISIONED").get("reason").asText().replaceAll(";.*", ""))
                .containsExactly(
                        tuple("2026-11-20T03:38:00Z", "SKIPPED", "held: table/orders is UPDATING (DynamoDB takes one update at a time)"),
                        // Someone else made the day's four decreases of the table by 03:20: the fifth waits an hour.
                        tuple("2026-11-20T03:39:00Z", "SKIPPED",
                                "held: DynamoDB allows the next decrease of table/orders at 2026-11-20T04:20:00Z (4 today)"),
                        tuple("2026-11-20T04:20:00Z", "APPLIED", "back to the pre-incident value"));
        assertThat(replay.err()).doesNotContain("LimitExceededException");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
    }

    @Test
    void flappingAlarm_raisesOnce_whileDemandStaysBelowTheRaisedCapacity() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("flapping-alarm-raises-once.json"));

        assertThat(replay.exit()).isZero();
        assertThat(replay.ofKind("NOTIFICATION").stream()
                .filter(r -> r.get("state").asText().equals("ALARM"))
                .map(r -> action(r, "UPDATE_PROVISIONED").get("status").asText()))
                .containsExactly("APPLIED", "SKIPPED", "SKIPPED");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(150);
    }

    @Test
    void operatorsLaterMaxCapacity_isKept_whenTheRaisedFloorIsRestored() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("operator-maximum-is-kept.json"));

        assertThat(replay.exit()).isZero();
        JsonNode raise = action(replay.ofKind("NOTIFICATION").get(0), "RAISE_AUTOSCALING_MIN");
        assertThat(raise.get("reason").asText()).contains("MaxCapacity raised from 150 to 300");
        assertThat(replay.finalState().get("table/inventory").get("scalableTargets").get("WRITE").toString())
                .isEqualTo("{\"min\":100,\"max\":5000}");
    }

    @Test
    void personsChangeToTheTunedScalingPolicy_midIncident_isKept_whileTheFloorGoesBack() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("operator-scaling-policy-is-kept.json"));

        assertThat(replay.exit()).isZero();
        assertThat(action(replay.ofKind("NOTIFICATION").get(0), "TUNE_SCALING_POLICY").get("status").asText())
                .isEqualTo("APPLIED");
        JsonNode recovery = replay.ofKind("RECOVERY").stream().filter(r -> r.toString().contains("RESTORE_SCALING_POLICY"))
                .findFirst().orElseThrow();
        JsonNode kept = action(recovery, "RESTORE_SCALING_POLICY");
        assertThat(kept.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(kept.get("reason").asText()).isEqualTo("left as is: policy inventory-writes changed since the responder"
                + " set TargetValue 50, ScaleOutCooldown 60 s (now TargetValue 60, ScaleOutCooldown 120 s)");
        assertThat(action(recovery, "RESTORE_AUTOSCALING_MIN").get("status").asText()).isEqualTo("APPLIED");
        JsonNode policy = replay.finalState().get("table/inventory").get("scalingPolicies").get("WRITE")
                .get("TargetTrackingScalingPolicyConfiguration");
        assertThat(policy.get("TargetValue").asDouble()).isEqualTo(60.0);
        assertThat(policy.get("ScaleOutCooldown").asInt()).isEqualTo(120);
    }

    @Test
    void alarmDeliveredAfterItsOwnOk_actsOnNothing() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("late-alarm-after-its-ok.json"));

        assertThat(replay.exit()).isZero();
        JsonNode late = replay.results().get(1);
        assertThat(late.get("state").asText()).isEqualTo("ALARM");
        assertThat(late.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(late.get("reason").asText()).startsWith("out of order");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(replay.finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("DISABLED");
    }

    @Test
    void globalTable_getsInsightsAndAFinding_butNoCapacityChange() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("global-table-changes-no-capacity.json"));

        assertThat(replay.exit()).isZero();
        JsonNode response = replay.ofKind("NOTIFICATION").get(0);
        assertThat(action(response, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("SKIPPED");
        assertThat(action(response, "ENABLE_CONTRIBUTOR_INSIGHTS").get("status").asText()).isEqualTo("APPLIED");
        assertThat(response.get("findings").get(0).asText())
                .startsWith("profiles is a global table (replicas in us-east-1, eu-west-1)")
                .contains("Would have made: UPDATE_PROVISIONED table/profiles WRITE 50 -> 150");
        assertThat(replay.finalState().get("table/profiles").get("write").asLong()).isEqualTo(50);
    }

    @Test
    void billingModeSwitch_keepsTheRaisedFloorOnRecord_andRestoresItOnTheWayBack() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("billing-mode-switch-keeps-the-record.json"));

        assertThat(replay.exit()).isZero();
        assertThat(restores(replay, "RESTORE_AUTOSCALING_MIN")).containsExactly("SKIPPED 300 -> 100", "APPLIED 300 -> 100");
        JsonNode inventory = replay.finalState().get("table/inventory");
        assertThat(inventory.get("billingMode").asText()).isEqualTo("PROVISIONED");
        assertThat(inventory.get("scalableTargets").get("WRITE").toString()).isEqualTo("{\"min\":100,\"max\":1000}");
        // Back to provisioned, the targets apply again: the read capacity is inside its bounds.
        assertThat(inventory.get("read").asLong()).isEqualTo(200);
    }

    @Test
    void tablesAggregateAlarmCausedByItsIndex_scalesTheIndex_andRecoveryUndoesItThere() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("gsi-back-pressure-scales-the-index.json"));

        assertThat(replay.exit()).isZero();
        JsonNode alarm = replay.ofKind("NOTIFICATION").get(0);
        assertThat(alarm.get("incident").get("index").asText()).isEqualTo("by-status");
        JsonNode raise = action(alarm, "UPDATE_PROVISIONED");
        assertThat(raise.get("resource").asText()).isEqualTo("table/orders/index/by-status");
        assertThat(raise.get("to").asLong()).isEqualTo(75);
        assertThat(action(replay.ofKind("NOTIFICATION").get(1), "SCHEDULE_RECOVERY").get("resource").asText())
                .isEqualTo("table/orders/index/by-status");
        assertThat(restores(replay, "RESTORE_PROVISIONED")).containsExactly("APPLIED 75 -> 25");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(replay.finalState().get("table/orders/index/by-status").get("write").asLong()).isEqualTo(25);
    }

    @Test
    void floorRestoredWhileScaleInIsDisabled_saysTheCapacityStays() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("scale-in-off-is-said.json"));

        assertThat(replay.exit()).isZero();
        JsonNode recovery = replay.ofKind("RECOVERY").stream().filter(r -> r.path("actions").size() > 0).findFirst().orElseThrow();
        assertThat(action(recovery, "RESTORE_AUTOSCALING_MIN").get("reason").asText())
                .isEqualTo("the floor goes back, but scale-in is off: capacity stays at 300");
        assertThat(recovery.get("findings").get(0).asText()).contains("lowers nothing: capacity stays at 300 WCU");
        assertThat(replay.err()).contains("To know:").contains("until a person lowers it or turns scale-in back on");
        assertThat(replay.finalState().get("table/inventory").get("write").asLong()).isEqualTo(300);
    }

    @Test
    void raise_takesOnlyWhatTheAccountsQuotaLeaves_sparingTheOtherTables() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("account-quota-is-shared.json"));

        assertThat(replay.exit()).isZero();
        JsonNode response = replay.ofKind("NOTIFICATION").get(0);
        // 200 WCU for the account: orders 50 + its GSI 25 + inventory 100 leave 25.
        assertThat(action(response, "UPDATE_PROVISIONED").get("to").asLong()).isEqualTo(75);
        assertThat(response.get("findings").get(0).asText())
                .startsWith("The account's provisioned WCU quota in the Region (200) leaves 25 WCU for table/orders");
        assertThat(replay.finalState().get("table/inventory").get("write").asLong()).isEqualTo(100);
    }

    @Test
    void globalTable_isChangedByTheOneRegionThePolicyNames() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("global-table-acting-region.json"));

        assertThat(replay.exit()).isZero();
        JsonNode raise = action(replay.ofKind("NOTIFICATION").get(0), "UPDATE_PROVISIONED");
        assertThat(raise.get("status").asText()).isEqualTo("APPLIED");
        assertThat(replay.finalState().get("table/profiles").get("write").asLong()).isEqualTo(150);
    }

    @Test
    void capacityAPersonSetMidIncident_isTheBaseOfTheNextRaise_andRecoveryGoesNoLower() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("person-capacity-is-kept.json"));

        assertThat(replay.exit()).isZero();
        List<JsonNode> alarms = replay.ofKind("NOTIFICATION").stream()
                .filter(r -> r.get("state").asText().equals("ALARM")).toList();
        JsonNode second = action(alarms.get(1), "UPDATE_PROVISIONED");
        assertThat(second.get("status").asText()).isEqualTo("APPLIED");
        assertThat(second.get("from").asLong()).isEqualTo(400);
        // Back to the on-call's 400 WCU, never to the 50 before the incident.
        assertThat(restores(replay, "RESTORE_PROVISIONED")).containsExactly("APPLIED " + second.get("to").asLong() + " -> 400");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(400);
        assertThat(replay.err()).contains("Left as it is:")
                .contains("WRITE: kept 400 WCU set by someone else at 03:20 UTC");
        // Before the second raise, status already tells the on-call's value from the responder's.
        assertThat(replay.ofKind("OPS").get(0).get("output").asText())
                .contains("WRITE: kept 400 WCU set by someone else at 03:10 UTC (the responder set 150): recovery leaves it");
    }

    @Test
    void billingModeSwitch_endsTheOnDemandRecord_soProvisionedCapacityIsNeverRestoredFromAnOnDemandMaximum() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("billing-mode-switch-ends-the-old-unit.json"));

        assertThat(replay.exit()).isZero();
        JsonNode raise = action(replay.ofKind("NOTIFICATION").stream()
                .filter(r -> r.get("state").asText().equals("ALARM")).toList().get(1), "UPDATE_PROVISIONED");
        assertThat(raise.get("status").asText() + " " + raise.get("from") + " -> " + raise.get("to")).isEqualTo("APPLIED 1500 -> 4500");
        // The old MaxReadRequestUnits 1000 is a request-unit ceiling, not provisioned RCU: 1500 is what the switch set.
        assertThat(restores(replay, "RESTORE_PROVISIONED")).containsExactly("APPLIED 4500 -> 1500");
        assertThat(replay.finalState().get("table/sessions").get("read").asLong()).isEqualTo(1500);
    }

    @Test
    void contributorInsightsTheTeamHadOn_isNotSwitchedOnAgain_norOffByRecovery() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("team-insights-stay-on.json"));

        assertThat(replay.exit()).isZero();
        JsonNode enable = action(replay.ofKind("NOTIFICATION").get(0), "ENABLE_CONTRIBUTOR_INSIGHTS");
        assertThat(enable.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(replay.ofKind("RECOVERY").stream().flatMap(r -> r.get("actions").findValuesAsText("type").stream()))
                .doesNotContain("DISABLE_CONTRIBUTOR_INSIGHTS");
        assertThat(replay.finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("ENABLED");
        assertThat(replay.finalState().get("table/orders/index/by-status").get("contributorInsights").asText())
                .isEqualTo("DISABLED");
    }

    @Test
    void tableDeletedMidIncident_endsTheSummariesAndTheRecovery_eachWithOneMessageSayingSo() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("deleted-table-ends-the-recovery.json"));

        assertThat(replay.exit()).isZero();
        JsonNode summary = replay.ofKind("SUMMARY").get(0);
        assertThat(summary.get("reason").asText()).isEqualTo("table table/orders does not exist: no hot-key summary");
        assertThat(action(summary, "NOTIFY").get("status").asText()).isEqualTo("APPLIED");
        // SQS delays at most 15 minutes: the recovery's first delivery only waits on.
        List<JsonNode> recoveries = replay.ofKind("RECOVERY").stream().filter(r -> r.path("actions").size() > 0).toList();
        assertThat(recoveries).hasSize(1);
        assertThat(recoveries.get(0).get("reason").asText()).isEqualTo("table orders does not exist: nothing to restore");
        assertThat(recoveries.get(0).get("actions").findValuesAsText("type")).containsExactly("NOTIFY");
        assertThat(action(recoveries.get(0), "NOTIFY").get("status").asText()).isEqualTo("APPLIED");
        assertThat(replay.err()).contains("This ends the hot-key summaries").contains("This ends the recovery");
        assertThat(replay.finalState().get("table/orders").get("deleted").asBoolean()).isTrue();
    }

    @Test
    void undoHeldByAPauseLongerThanItsHorizon_tellsTheTeamOnce_showsOverdue_andRunsAfterResume() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("paused-undo-is-not-dropped.json"));

        assertThat(replay.exit()).isZero();
        List<JsonNode> told = replay.ofKind("RECOVERY").stream()
                .filter(r -> r.get("actions").findValuesAsText("type").contains("NOTIFY")).toList();
        // Once at the horizon (24 h after the OK at 03:06), once more for the restore after the resume.
        assertThat(told).extracting(r -> r.get("at").asText()).containsExactly("2026-11-21T03:06:00Z", "2026-11-21T09:06:00Z");
        assertThat(told.get(0).get("findings").get(0).asText()).contains("It runs after `resume`",
                "java -jar throttle-responder-ops.jar undo orders");
        assertThat(replay.err()).contains("UPDATE_PROVISIONED WRITE at 150 (pre-incident 50): not undone yet",
                "Contributor Insights: still on, as the responder enabled it");
        assertThat(replay.ofKind("OPS").get(1).get("output").asText()).contains("(OVERDUE: not done yet)");
        assertThat(restores(replay, "RESTORE_PROVISIONED")).containsExactly("APPLIED 150 -> 50");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(replay.finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("DISABLED");
    }

    @Test
    void undoForcedByAnOperatorWhileInAlarm_restores_publishesItsMessage_andIsAnEventInHistory() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("operator-force-undo.json"));

        List<JsonNode> ops = replay.ofKind("OPS");
        // Refused without --force (the table as status prints it), and the refusal says how to override it.
        assertThat(ops.get(0).get("exit").asInt()).isEqualTo(1);
        assertThat(ops.get(0).get("output").asText()).contains("still in ALARM", "undo --force restores anyway");
        assertThat(ops.get(0).get("actions")).isEmpty();
        JsonNode forced = ops.get(1);
        assertThat(forced.get("exit").asInt()).isZero();
        assertThat(action(forced, "RESTORE_PROVISIONED").get("status").asText()).isEqualTo("APPLIED");
        assertThat(action(forced, "NOTIFY").get("status").asText()).isEqualTo("APPLIED");
        assertThat(forced.get("output").asText()).contains("published to the notifications topic",
                "restored by an operator's undo --force while throttle-responder-orders-WriteProvisionedThroughputThrottleEvents"
                        + " is in ALARM");
        assertThat(replay.err()).contains("DynamoDB incident resolved on table/orders");
        // Still within today's demand: writes at 50/s in the last hour hold 60 of the 150.
        assertThat(ops.get(2).get("output").asText()).contains("undo --force by an operator (a person's decision)",
                "APPLIED RESTORE_PROVISIONED table/orders WRITE 150 -> 60");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(60);
    }

    @Test
    void throttlingBelowThePerMinuteAverage_withNoHotKeyInTheSummary_israisedOnceByTheScaleFactor_andUndoneOnRecovery() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("bursts-without-a-hot-key-get-capacity.json"));

        assertThat(replay.exit()).isZero();
        assertThat(action(replay.ofKind("NOTIFICATION").get(0), "UPDATE_PROVISIONED").get("reason").asText())
                .contains("no raise on this evidence");
        List<JsonNode> raises = replay.ofKind("SUMMARY").stream()
                .flatMap(r -> r.get("actions").findParents("type").stream())
                .filter(a -> a.get("type").asText().equals("UPDATE_PROVISIONED")).toList();
        assertThat(raises).hasSize(1);
        assertThat(raises.get(0).get("status").asText() + " " + raises.get(0).get("from") + " -> " + raises.get(0).get("to"))
                .isEqualTo("APPLIED 50 -> 150");
        assertThat(raises.get(0).get("reason").asText())
                .isEqualTo("throttled at 30 % of capacity with no hot key: bursts above the per-minute average; x3");
        assertThat(replay.err()).contains("Capacity: APPLIED UPDATE_PROVISIONED table/orders WRITE 50 -> 150");
        assertThat(restores(replay, "RESTORE_PROVISIONED")).containsExactly("APPLIED 150 -> 50");
    }

    @Test
    void throttlingBelowThePerMinuteAverage_withADominantKey_getsNoCapacity() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("bursts-with-a-hot-key-get-no-capacity.json"));

        assertThat(replay.exit()).isZero();
        assertThat(replay.ofKind("SUMMARY")).isNotEmpty();
        assertThat(replay.ofKind("SUMMARY").stream().flatMap(r -> r.get("actions").findValuesAsText("type").stream()))
                .doesNotContain("UPDATE_PROVISIONED");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
    }

    @Test
    void contributorInsightsTheTeamSwitchedOnAgainMidIncident_isTheirs_andRecoveryLeavesItOn() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("team-takes-over-insights.json"));

        assertThat(replay.exit()).isZero();
        assertThat(action(replay.ofKind("NOTIFICATION").get(0), "ENABLE_CONTRIBUTOR_INSIGHTS").get("status").asText())
                .isEqualTo("APPLIED");
        JsonNode recovery = replay.ofKind("RECOVERY").stream().filter(r -> r.path("actions").size() > 0).findFirst().orElseThrow();
        JsonNode disable = action(recovery, "DISABLE_CONTRIBUTOR_INSIGHTS");
        assertThat(disable.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(disable.get("reason").asText()).isEqualTo("left on: its mode is now ACCESSED_AND_THROTTLED_KEYS, the"
                + " responder enabled it in THROTTLED_KEYS: someone else's setting");
        assertThat(replay.finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("ENABLED");
    }

    @Test
    void floorTheTeamRegisteredMidIncident_isTheBaseOfTheNextRaise_andTheRestoreGoesNoLower() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("team-floor-is-kept.json"));

        assertThat(replay.exit()).isZero();
        JsonNode second = action(replay.ofKind("NOTIFICATION").stream()
                .filter(r -> r.get("state").asText().equals("ALARM")).toList().get(1), "RAISE_AUTOSCALING_MIN");
        assertThat(second.get("status").asText()).isEqualTo("APPLIED");
        assertThat(second.get("from").asLong()).isEqualTo(500);
        assertThat(restores(replay, "RESTORE_AUTOSCALING_MIN")).containsExactly("APPLIED " + second.get("to").asLong() + " -> 500");
        assertThat(replay.finalState().get("table/inventory").get("scalableTargets").get("WRITE").get("min").asLong())
                .isEqualTo(500);
        assertThat(replay.err()).contains("WRITE: kept MinCapacity 500 WCU set by someone else at 14:20 UTC");
    }

    @Test
    void undoForcedWhileARaiseIsHeldBackByABusyTable_stopsThatRaise_untilANewAlarm() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("forced-undo-stops-a-held-back-raise.json"));

        assertThat(replay.exit()).isZero();
        assertThat(replay.ofKind("OPS").get(0).get("exit").asInt()).isZero();
        List<JsonNode> afterUndo = replay.ofKind("RETRY").stream()
                .filter(r -> r.get("at").asText().compareTo("2026-11-20T16:02:15Z") > 0).toList();
        assertThat(afterUndo).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("outcome").asText()).isEqualTo("IGNORED");
            assertThat(r.get("reason").asText()).startsWith("out of order");
        });
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(replay.finalState().get("table/orders").get("contributorInsights").asText()).isEqualTo("DISABLED");
    }

    @Test
    void metricsInsightsContributor_isRecoveredOnItsOwnState_whileAnotherContributorKeepsTheAlarmInAlarm() {
        ScenarioReplay replay = ScenarioReplay.of(SAFETY.resolve("contributor-recovers-on-its-own.json"));

        assertThat(replay.exit()).isZero();
        // sessions' contributor is still in ALARM, so the alarm is; orders' own contributor is OK: DescribeAlarmContributors.
        assertThat(restores(replay, "RESTORE_PROVISIONED")).containsExactly("APPLIED 150 -> 50");
        assertThat(replay.finalState().get("table/orders").get("write").asLong()).isEqualTo(50);
        assertThat(replay.finalState().get("table/sessions").get("maxWrite").asLong()).isEqualTo(1500);
    }
}
