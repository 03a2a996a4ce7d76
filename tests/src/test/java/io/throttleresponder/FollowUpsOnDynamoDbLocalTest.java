package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.aws.ledger.DynamoDbLedger;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Pause;
import io.throttleresponder.sandbox.RecordingSns;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.summary.HotKeySummary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** Hot-key summaries and recovery through the follow-up handler and the real adapters, on DynamoDB Local. */
class FollowUpsOnDynamoDbLocalTest {

    private SandboxFixture fixture = SandboxFixture.withDefaultPolicy();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Action action(FollowUpResult result, ActionType type) {
        return result.actions().stream().filter(a -> a.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + result.actions()));
    }

    /**
     * The sample alarm raises orders to 150 WCU (its summaries run and are dropped), and its OK comes a minute
     * from the sandbox's now, so that recovery's day-long horizon is ahead whatever day the test runs.
     */
    private void raisedThenOkAMinuteFromNow() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.runFollowUps();
        fixture.followUps.discardQueued();
        Duration untilNow = Duration.between(Instant.parse("2026-11-21T03:15:42.817Z"), fixture.sandbox.clock().instant());
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", untilNow.plusMinutes(1)));
    }

    private String lastMessageText() {
        List<PublishRequest> published = fixture.sandbox.sns().published();
        return RecordingSns.emailText(published.get(published.size() - 1));
    }

    @Test
    void summary_afterHotPartitionAlarm_ranksTheRecordedKeys_andRepeatsWhileInAlarm() {
        fixture.alarm("sns-write-key-range-orders.json");

        List<FollowUpResult> results = fixture.runFollowUps();

        FollowUpResult summary = results.get(0);
        assertThat(summary.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(summary.summaries()).extracting(HotKeySummary::kind).extracting(Enum::name).containsExactly("PKT", "SKT");
        HotKeySummary partitions = summary.summaries().get(0);
        assertThat(partitions.topKeys().get(0).key()).isEqualTo("customer#1042");
        assertThat(partitions.topShare()).isBetween(0.86, 0.87);
        assertThat(partitions.recommendation()).contains("suffix 0..2");
        assertThat(action(summary, ActionType.SCHEDULE_HOT_KEY_SUMMARY).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(fixture.sandbox.sqs().sent()).singleElement()
                .satisfies(m -> assertThat(FollowUpMessage.read(m.messageBody()).followUp().remaining()).isEqualTo(2));
        assertThat(lastMessageText()).contains("Hot keys on table/orders", "customer#1042", "--- machine-readable ---");
    }

    @Test
    void summary_afterTheAlarmEnded_isFinal_andDoesNotRepeat() {
        fixture.alarm("sns-write-key-range-orders.json");
        fixture.sandbox.cloudWatch().setAlarmState("throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents", StateValue.OK);

        FollowUpResult summary = fixture.runFollowUps().get(0);

        // No OK reached the responder: the last summary hands the incident to the watch of its metrics.
        assertThat(summary.actions()).extracting(Action::type).containsExactly(ActionType.SCHEDULE_RECOVERY, ActionType.NOTIFY);
        assertThat(fixture.sandbox.sqs().sent()).singleElement()
                .satisfies(m -> assertThat(FollowUpMessage.read(m.messageBody()).followUp().kind()).isEqualTo(FollowUp.Kind.QUIET_WATCH));
    }

    @Test
    void summary_withMaskingOn_neverShowsARawKey() {
        fixture.close();
        fixture = SandboxFixture.withPolicy("{\"defaults\": {\"maskKeys\": true}, \"tables\": {\"orders\": {}}}");
        fixture.alarm("sns-write-key-range-orders.json");

        FollowUpResult summary = fixture.runFollowUps().get(0);

        assertThat(summary.summaries().get(0).topKeys().get(0).key()).startsWith("key#").doesNotContain("1042");
        assertThat(lastMessageText()).doesNotContain("customer#1042");
        assertThat(fixture.sandbox.sns().published().get(fixture.sandbox.sns().published().size() - 1).message())
                .doesNotContain("customer#1042");
    }

    @Test
    void recovery_afterAlarmThenOk_putsTheTableBack_andReportsResolved() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.runFollowUps();
        fixture.followUps.discardQueued();

        JsonNode ok = fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(12)))
                .get(0);
        FollowUpResult recovery = fixture.runFollowUps().get(0);

        assertThat(ok.get("actions").get(0).get("type").asText()).isEqualTo("SCHEDULE_RECOVERY");
        assertThat(recovery.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(action(recovery, ActionType.RESTORE_PROVISIONED)).extracting(Action::from, Action::to, Action::status)
                .containsExactly(150L, 50L, ActionStatus.APPLIED);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
        assertThat(fixture.capacity("table/orders").read()).isEqualTo(100);
        assertThat(fixture.sandbox.dynamoDb().describeContributorInsights(r -> r.tableName("orders"))
                .contributorInsightsStatusAsString()).isEqualTo("DISABLED");
        assertThat(lastMessageText()).contains("incident resolved on table/orders", "UPDATE_PROVISIONED WRITE 50 -> 150",
                "RESTORE_PROVISIONED WRITE 150 -> 50");
        // The sandbox's CloudWatch has no throttle datapoints here: the peak is the one the alarm reported.
        assertThat(lastMessageText()).contains("Peak:          212 throttle events in one minute");
    }

    @Test
    void recovery_whenAnAlarmFiresAgainDuringTheQuietPeriod_isCancelled() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.followUps.discardQueued();
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(12)));
        fixture.sandbox.clock().advance(Duration.ofMinutes(5));
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "ALARM", Duration.ofMinutes(17)));

        FollowUpResult recovery = fixture.runFollowUps().stream()
                .filter(r -> r.followUp().kind().name().equals("RECOVERY")).findFirst().orElseThrow();

        assertThat(recovery.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(recovery.reason()).startsWith("recovery cancelled: an alarm fired again");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void recovery_whileAnotherAlarmOfTheResourceIsInAlarm_isCancelled() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.alarm("sns-write-key-range-orders.json");
        fixture.followUps.discardQueued();
        // The hot-partition alarm fired (2026-11-22) before this OK and is still in ALARM.
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofDays(2)));

        FollowUpResult recovery = fixture.runFollowUps().get(0);

        assertThat(recovery.reason()).isEqualTo("recovery cancelled: still in ALARM: throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void recovery_whenSomeoneChangedCapacitySince_leavesIt_andSaysSo() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.followUps.discardQueued();
        fixture.sandbox.dynamoDb().updateTable(r -> r.tableName("orders")
                .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(400L)));
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(12)));

        FollowUpResult recovery = fixture.runFollowUps().get(0);

        assertThat(action(recovery, ActionType.RESTORE_PROVISIONED).reason())
                .startsWith("left as is: changed since the responder set 150 (now 400): kept 400 WCU set by someone else at ");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(400);
        assertThat(lastMessageText()).contains("Left as it is:", "changed since the responder set 150 (now 400)");
    }

    @Test
    void recovery_ofAnAutoScaledTable_restoresTheScalableTargetsMinimum() {
        fixture.alarm("sns-write-provisioned-inventory.json");
        fixture.followUps.discardQueued();
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-inventory.json", "OK", Duration.ofMinutes(12)));

        FollowUpResult recovery = fixture.runFollowUps().get(0);

        assertThat(action(recovery, ActionType.RESTORE_AUTOSCALING_MIN).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(fixture.sandbox.autoScaling().targets()).filteredOn(t ->
                        t.scalableDimension() == ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS)
                .singleElement().satisfies(t -> assertThat(t.minCapacity()).isEqualTo(100));
    }

    @Test
    void recovery_ofAnOnDemandTable_restoresTheMaximum() {
        fixture.alarm("sns-read-max-on-demand-sessions.json");
        fixture.followUps.discardQueued();
        fixture.handleBytes(fixture.stateChange("sns-read-max-on-demand-sessions.json", "OK", Duration.ofMinutes(12)));

        fixture.runFollowUps();

        assertThat(fixture.capacity("table/sessions").maxRead()).isEqualTo(1000);
        assertThat(fixture.capacity("table/sessions").maxWrite()).isEqualTo(500);
    }

    @Test
    void recovery_leavesContributorInsightsOn_whenTheResponderDidNotEnableIt() {
        fixture.sandbox.dynamoDb().updateContributorInsights(r -> r.tableName("orders").contributorInsightsAction("ENABLE"));
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.followUps.discardQueued();
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(12)));

        FollowUpResult recovery = fixture.runFollowUps().get(0);

        assertThat(recovery.actions()).noneMatch(a -> a.type() == ActionType.DISABLE_CONTRIBUTOR_INSIGHTS);
        assertThat(fixture.sandbox.dynamoDb().describeContributorInsights(r -> r.tableName("orders"))
                .contributorInsightsStatusAsString()).isEqualTo("ENABLED");
    }

    @Test
    void recovery_arrivingBeforeItsDueTime_isSentBackToWait() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.followUps.discardQueued();
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(12)));
        String body = fixture.sandbox.sqs().drain().get(0).messageBody();

        FollowUpResult early = fixture.followUps.deliver(body).results().get(0);

        assertThat(early.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(early.reason()).startsWith("not due until");
        assertThat(fixture.sandbox.sqs().sent()).singleElement().satisfies(m -> assertThat(m.delaySeconds()).isEqualTo(900));
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void followUpMessageThatCannotBeRead_isDroppedWithItsReason_notRetried() {
        FollowUpHandler.Batch batch = fixture.followUps.deliver("{\"kind\": \"SOMETHING\"}");

        assertThat(batch.failedMessageIds()).isEmpty();
        assertThat(batch.dropped()).singleElement().asString().contains("follow-up message");
    }

    @Test
    void okForAResourceTheResponderNeverChanged_schedulesNothing() {
        JsonNode ok = fixture.only("sns-ok-write-provisioned-orders.json");

        assertThat(ok.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(fixture.sandbox.sqs().sent()).isEmpty();
    }

    @Test
    void redeliveredFollowUp_isRecognised_andPostsNothingTwice() {
        fixture.alarm("sns-write-key-range-orders.json");
        String body = fixture.sandbox.sqs().drain().get(0).messageBody();
        fixture.sandbox.clock().advanceTo(FollowUpMessage.read(body).due());

        FollowUpHandler.Batch first = fixture.followUps.deliver(body);
        int published = fixture.sandbox.sns().published().size();
        FollowUpHandler.Batch again = fixture.followUps.deliver(body);

        assertThat(first.results().get(0).outcome()).isEqualTo(Outcome.ACTED);
        assertThat(again.results().get(0).outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(again.results().get(0).reason()).startsWith("already done: a redelivery of this follow-up");
        assertThat(fixture.sandbox.sns().published()).hasSize(published);
    }

    @Test
    void batchNearTheFunctionsTimeout_takesNoNewMessage_andHandsTheRestBackToTheQueue() {
        fixture.alarm("sns-write-key-range-orders.json");
        String body = fixture.sandbox.sqs().drain().get(0).messageBody();
        fixture.sandbox.clock().advanceTo(FollowUpMessage.read(body).due());
        String event = """
                {"Records": [{"messageId": "m1", "eventSource": "aws:sqs", "body": %s},
                             {"messageId": "m2", "eventSource": "aws:sqs", "body": %s}]}
                """.formatted(quoted(body), quoted(body.replace("\"remaining\":3", "\"remaining\":2")));
        // Time for one follow-up, then 10 s left: the second message goes back to SQS unrun.
        Iterator<Long> remaining = List.of(90_000L, 10_000L).iterator();

        FollowUpHandler.Batch batch = new FollowUpHandler(fixture.sandbox.followUpResponder(
                fixture.sandbox.defaultPolicy()).build()).handle(event.getBytes(StandardCharsets.UTF_8),
                remaining::next);

        assertThat(batch.results()).hasSize(1);
        assertThat(batch.failedMessageIds()).containsExactly("m2");
    }


    @Test
    void restoreRefusedByAws_isTriedAgainLaterAndLater_andTheOnCallIsToldOnce() {
        raisedThenOkAMinuteFromNow();
        fixture.sandbox.faults().fail("UpdateTable", "orders", 100, () -> DynamoDbException.builder()
                .message("User is not authorized to perform: dynamodb:UpdateTable").statusCode(400).build());
        int before = fixture.sandbox.sns().published().size();

        List<Long> delays = new ArrayList<>();
        for (int look = 0; look < 3; look++) {
            FollowUpResult recovery = fixture.runFollowUps().get(0);
            assertThat(action(recovery, ActionType.RESTORE_PROVISIONED).status()).isEqualTo(ActionStatus.FAILED);
            delays.add((long) fixture.sandbox.sqs().sent().get(0).delaySeconds());
        }

        assertThat(delays).containsExactly(60L, 120L, 240L);
        assertThat(fixture.sandbox.sns().published()).hasSize(before + 1);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }


    @Test
    void recoveryWhilePaused_changesNothing_looksAgainIn15Minutes_andRestoresOnceResumed() {
        raisedThenOkAMinuteFromNow();
        DynamoDbLedger ledger = new DynamoDbLedger(fixture.sandbox.dynamoDb(), Sandbox.LEDGER_TABLE);
        ledger.pause(new Pause("oncall", fixture.sandbox.clock().instant(), "game day"));

        FollowUpResult waiting = fixture.runFollowUps().get(0);

        assertThat(waiting.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(waiting.reason()).startsWith("the undo waits: paused by oncall");
        assertThat(fixture.sandbox.sqs().sent().get(0).delaySeconds()).isEqualTo(900);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);

        ledger.resume();
        fixture.sandbox.clock().advance(Duration.ofMinutes(1));
        FollowUpResult restored = fixture.runFollowUps().get(0);

        assertThat(action(restored, ActionType.RESTORE_PROVISIONED).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
    }

    @Test
    void restoreAnsweredResourceInUse_isDeferredAndLookedAtAgainInAMinute_thenApplied() {
        raisedThenOkAMinuteFromNow();
        fixture.sandbox.faults().fail("UpdateTable", "orders", 1, () -> DynamoDbException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceInUseException")
                        .errorMessage("Attempt to change a resource which is still in use").build())
                .statusCode(400).build());

        FollowUpResult deferred = fixture.runFollowUps().get(0);

        Action restore = action(deferred, ActionType.RESTORE_PROVISIONED);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).startsWith("deferred: UpdateTable").contains("the table is being updated");
        assertThat(fixture.sandbox.sqs().sent().get(0).delaySeconds()).isEqualTo(60);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);

        FollowUpResult restored = fixture.runFollowUps().get(0);

        assertThat(action(restored, ActionType.RESTORE_PROVISIONED).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
    }

    @Test
    void recoveryPastItsHorizon_stopsLookingAgain_andTheMessageSaysWhatIsLeft() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.runFollowUps();
        fixture.followUps.discardQueued();
        // The sample's OK is days before the sandbox's now: recovery's day-long horizon has passed.
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(12)));
        fixture.sandbox.faults().fail("UpdateTable", "orders", 1, () -> DynamoDbException.builder()
                .message("Rate exceeded").statusCode(400).build());

        FollowUpResult recovery = fixture.runFollowUps().get(0);

        assertThat(action(recovery, ActionType.RESTORE_PROVISIONED).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(recovery.actions()).noneMatch(a -> a.type() == ActionType.SCHEDULE_RECOVERY);
        assertThat(recovery.findings()).singleElement().asString().startsWith("Recovery stops looking: 24 h have passed");
        assertThat(fixture.sandbox.sqs().sent()).isEmpty();
        assertThat(lastMessageText()).contains("To know:", "Recovery stops looking");
    }


    @Test
    void restore_whileAnotherResponseHoldsTheTablesLock_waitsForIt_neverWritingOverItsChange() {
        raisedThenOkAMinuteFromNow();
        DynamoDbLedger ledger = new DynamoDbLedger(fixture.sandbox.dynamoDb(), Sandbox.LEDGER_TABLE);
        // Another response is in the middle of its read-modify-write of the table, past the quiet period.
        fixture.sandbox.clock().advance(Duration.ofMinutes(31));
        assertThat(ledger.lockTable("orders", "another response", Duration.ofSeconds(60), fixture.sandbox.clock().instant()))
                .isTrue();

        FollowUpResult held = fixture.runFollowUps().get(0);

        assertThat(held.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(held.reason()).isEqualTo("held: table orders is locked by another response");
        assertThat(fixture.sandbox.sqs().sent().get(0).delaySeconds()).isEqualTo(60);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);

        ledger.unlockTable("orders", "another response");
        FollowUpResult restored = fixture.runFollowUps().get(0);

        assertThat(action(restored, ActionType.RESTORE_PROVISIONED).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
    }

    private static String quoted(String text) {
        return TextNode.valueOf(text).toString();
    }

    @Test
    void recovery_whenDescribeAlarmsNoLongerReturnsTheAlarm_holdsWithThatReason_andLooksAgain_neverRestoring() {
        raisedThenOkAMinuteFromNow();
        fixture.sandbox.cloudWatch().deleteAlarms(r -> r.alarmNames(
                "throttle-responder-orders-WriteProvisionedThroughputThrottleEvents"));

        FollowUpResult recovery = fixture.runFollowUps().get(0);

        assertThat(recovery.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(recovery.reason()).isEqualTo("held: the state of throttle-responder-orders-WriteProvisionedThroughputThrottleEvents"
                + " is unknown (DescribeAlarms does not return it: renamed, deleted, or in another Region or account)");
        assertThat(action(recovery, ActionType.SCHEDULE_RECOVERY).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }
}
