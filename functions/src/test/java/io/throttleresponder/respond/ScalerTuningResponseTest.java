package io.throttleresponder.respond;

import static io.throttleresponder.respond.Fixtures.INVENTORY;
import static io.throttleresponder.plan.ScalerTuningTest.WRITES_AT_70;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.plan.ScalerTuningTest;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.EventFiles;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.followup.Recovery;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.plan.ScalerTuning;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The tuning of a scaling policy from the alarm to the undo, through the responder's and recovery's rails. */
class ScalerTuningResponseTest {

    private static final Instant NOW = Instant.parse("2026-11-21T03:16:00Z");
    /** After the sample alarm's state change, so the undo sees no alarm since. */
    private static final Instant AFTER_THE_ALARM = Instant.parse("2026-11-25T00:00:00Z");
    private static final String INVENTORY_POLICY = "{\"tables\": {\"inventory\": {}}}";
    private static final ScalingPolicy TUNED = ScalerTuning.tuned(WRITES_AT_70, TableSettings.DEFAULTS);

    private final Fakes.Tables tables = new Fakes.Tables().with("inventory", ScalerTuningTest.inventory(WRITES_AT_70));
    private final Fakes.Metrics metrics = new Fakes.Metrics();
    private final Fakes.Actuator actuator = new Fakes.Actuator();
    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final Fakes.Notifier notifier = new Fakes.Notifier();
    private final Fakes.FollowUps followUps = new Fakes.FollowUps();

    private Recovery recovery(Policy policy) {
        // Every alarm of the incident is back to OK: an alarm whose state is unknown would hold the undo.
        return new Recovery(policy, tables, metrics, names -> names.stream().collect(Collectors.toMap(name -> name,
                name -> AlarmState.OK)), actuator, ledger, notifier, followUps,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Response respond(String policyJson) {
        Policy policy = PolicyParser.parse(policyJson, "test policy");
        return Responder.builder().policy(policy).recoveries(recovery(policy)).tables(tables).metrics(metrics)
                .actuator(actuator).followUps(followUps).ledger(ledger).notifier(notifier)
                .ownAccount(new OwnAccount("123456789012", "us-east-1")).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
                .respond(EventFiles.notification("sns-write-provisioned-inventory.json"));
    }

    private static Action action(List<Action> actions, ActionType type) {
        return actions.stream().filter(a -> a.type() == type).findFirst().orElseThrow(() -> new AssertionError(type
                + " not in " + actions));
    }

    @Test
    void act_putsTheTunedPolicy_andRecordsBeforeAndSet() {
        Response response = respond(INVENTORY_POLICY);

        assertThat(action(response.actions(), ActionType.TUNE_SCALING_POLICY).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(actuator.calls).contains("putScalingPolicy table/inventory WRITE " + TUNED);
        assertThat(ledger.policyChanges.values()).containsExactly(new PolicyChange(INVENTORY, Operation.WRITE, WRITES_AT_70,
                TUNED, NOW));
    }

    @Test
    void dryRun_plansTheTuning_andPutsNothing() {
        Response response = respond("{\"dryRun\": true, \"tables\": {\"inventory\": {}}}");

        Action tune = action(response.actions(), ActionType.TUNE_SCALING_POLICY);
        assertThat(tune.status()).isEqualTo(ActionStatus.PLANNED);
        assertThat(tune.reason()).startsWith("dry run: both: ");
        assertThat(actuator.calls).noneMatch(c -> c.startsWith("putScalingPolicy"));
        assertThat(ledger.policyChanges).isEmpty();
    }

    @Test
    void killSwitch_skipsTheTuning() {
        Response response = respond("{\"killSwitch\": true, \"tables\": {\"inventory\": {}}}");

        assertThat(action(response.actions(), ActionType.TUNE_SCALING_POLICY).status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(actuator.calls).noneMatch(c -> c.startsWith("putScalingPolicy"));
    }

    @Test
    void undo_putsTheOriginalBackExactly_whileItIsStillWhatTheResponderSet_andForgetsIt() {
        respond(INVENTORY_POLICY);
        tables.with("inventory", ScalerTuningTest.inventory(TUNED));
        actuator.calls.clear();

        FollowUpResult undone = recovery(PolicyParser.parse(INVENTORY_POLICY, "test policy"))
                .undoNow(INVENTORY, TableSettings.DEFAULTS, AFTER_THE_ALARM);

        assertThat(action(undone.actions(), ActionType.RESTORE_SCALING_POLICY).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(actuator.calls).contains("putScalingPolicy table/inventory WRITE " + WRITES_AT_70);
        assertThat(ledger.policyChanges).isEmpty();
    }

    @Test
    void undo_keepsAPersonsChange_andForgetsTheResponders() {
        respond(INVENTORY_POLICY);
        ScalingPolicy theirs = ScalerTuningTest.policy("inventory-writes", 60, "DynamoDBWriteCapacityUtilization", 120);
        tables.with("inventory", ScalerTuningTest.inventory(theirs));
        actuator.calls.clear();

        FollowUpResult undone = recovery(PolicyParser.parse(INVENTORY_POLICY, "test policy"))
                .undoNow(INVENTORY, TableSettings.DEFAULTS, AFTER_THE_ALARM);

        Action kept = action(undone.actions(), ActionType.RESTORE_SCALING_POLICY);
        assertThat(kept.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(kept.reason()).startsWith("left as is: policy inventory-writes changed since the responder set");
        assertThat(actuator.calls).noneMatch(c -> c.startsWith("putScalingPolicy"));
        assertThat(ledger.policyChanges).isEmpty();
    }

    @Test
    void undo_refusedByAws_keepsTheRecord_soRecoveryTriesAgain() {
        respond(INVENTORY_POLICY);
        tables.with("inventory", ScalerTuningTest.inventory(TUNED));
        actuator.failing.add("putScalingPolicy");

        FollowUpResult undone = recovery(PolicyParser.parse(INVENTORY_POLICY, "test policy"))
                .undoNow(INVENTORY, TableSettings.DEFAULTS, AFTER_THE_ALARM);

        assertThat(action(undone.actions(), ActionType.RESTORE_SCALING_POLICY).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(ledger.policyChanges).hasSize(1);
    }

    @Test
    void hotPartitionWithSpareCapacity_tunesTheTarget_withoutAFloorRaise() {
        metrics.peak = OptionalDouble.of(30);
        Policy policy = PolicyParser.parse(INVENTORY_POLICY, "test policy");

        Response response = Responder.builder().policy(policy).recoveries(recovery(policy)).tables(tables).metrics(metrics)
                .actuator(actuator).followUps(followUps).ledger(ledger).notifier(notifier)
                .ownAccount(new OwnAccount("123456789012", "us-east-1")).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
                .respond(Fixtures.alarm("inventory-keys", List.of(Fixtures.metric("WriteKeyRangeThroughputThrottleEvents",
                        "TableName", "inventory"))));

        assertThat(response.incident().cause()).isEqualTo(Cause.KEY_RANGE);
        Action tune = action(response.actions(), ActionType.TUNE_SCALING_POLICY);
        assertThat(tune.status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(tune.reason()).startsWith("target, not floor: a hot partition with spare capacity");
        assertThat(response.actions()).noneMatch(a -> a.type() == ActionType.RAISE_AUTOSCALING_MIN);
    }
}
