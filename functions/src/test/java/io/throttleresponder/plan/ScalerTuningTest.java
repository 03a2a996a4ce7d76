package io.throttleresponder.plan;

import static io.throttleresponder.respond.Fixtures.INVENTORY;
import static io.throttleresponder.respond.Fixtures.incident;
import static io.throttleresponder.respond.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.evidence.Evidence;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.model.TableState;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.respond.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

public class ScalerTuningTest {

    public static final ScalingPolicy WRITES_AT_70 = policy("inventory-writes", 70, "DynamoDBWriteCapacityUtilization", 300);

    public static ScalingPolicy policy(String name, double target, String metric, Integer scaleOutCooldown) {
        return new ScalingPolicy(name, ScalingPolicy.TARGET_TRACKING, new ScalingPolicy.TargetTracking(target, metric, null,
                null, scaleOutCooldown, 600, false));
    }

    /** inventory, writes auto scaled 100-1000 under the given policies. */
    public static TableState inventory(ScalingPolicy... policies) {
        return new TableState(BillingMode.PROVISIONED,
                Fixtures.withTargets(Fixtures.provisioned(INVENTORY, 200, 100),
                        Map.of(Operation.WRITE, new ScalableTarget(100, 1000, false, List.of(policies)))),
                Map.of(), TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);
    }

    private static Plan plan(Cause cause, TableState state, TableSettings settings, OptionalDouble peak) {
        return Planner.plan(incident(INVENTORY, Operation.WRITE, cause), state, settings, Evidence.firstResponse(peak));
    }

    private static List<Action> of(Plan plan, ActionType type) {
        return plan.actions().stream().filter(a -> a.type() == type).toList();
    }

    @Test
    void atCapacity_raisesTheFloor_andLowersTheTarget_both() {
        Plan plan = plan(Cause.PROVISIONED, inventory(WRITES_AT_70), TableSettings.DEFAULTS, OptionalDouble.of(100));

        assertThat(of(plan, ActionType.RAISE_AUTOSCALING_MIN)).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(ActionStatus.PLANNED));
        Action tune = of(plan, ActionType.TUNE_SCALING_POLICY).get(0);
        assertThat(tune.status()).isEqualTo(ActionStatus.PLANNED);
        assertThat(tune.dimension()).isEqualTo(Operation.WRITE);
        assertThat(tune.reason()).startsWith("both: ")
                .contains("TargetValue 70, ScaleOutCooldown 300 s -> TargetValue 50, ScaleOutCooldown 60 s");
        assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("inventory-writes").contains("put back as it was"));
    }

    @Test
    void throttledBelowCapacity_keepsTheFloor_andLowersOnlyTheTarget() {
        Plan plan = plan(Cause.PROVISIONED, inventory(WRITES_AT_70), TableSettings.DEFAULTS, OptionalDouble.of(40));

        assertThat(of(plan, ActionType.RAISE_AUTOSCALING_MIN)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(a.reason()).contains("no raise on this evidence");
        });
        assertThat(of(plan, ActionType.TUNE_SCALING_POLICY)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(a.reason()).startsWith("target, not floor: throttled below its capacity (the consumed peak 40 of 100 WCU/s)");
        });
    }

    @Test
    void hotPartitionWithSpareCapacity_lowersTheTarget() {
        Plan plan = plan(Cause.KEY_RANGE, inventory(WRITES_AT_70), TableSettings.DEFAULTS, OptionalDouble.of(30));

        assertThat(of(plan, ActionType.RAISE_AUTOSCALING_MIN)).isEmpty();
        assertThat(of(plan, ActionType.TUNE_SCALING_POLICY)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(a.reason()).startsWith("target, not floor: a hot partition with spare capacity");
        });
    }

    @Test
    void hotPartitionAtCapacity_orWithoutConsumption_changesNoPolicy() {
        assertThat(of(plan(Cause.KEY_RANGE, inventory(WRITES_AT_70), TableSettings.DEFAULTS, OptionalDouble.of(95)),
                ActionType.TUNE_SCALING_POLICY)).isEmpty();
        assertThat(of(plan(Cause.KEY_RANGE, inventory(WRITES_AT_70), TableSettings.DEFAULTS, OptionalDouble.empty()),
                ActionType.TUNE_SCALING_POLICY)).isEmpty();
    }

    @Test
    void highUtilization_isTheScalersOwnSignal_noTuning() {
        Plan plan = plan(Cause.UTILIZATION, inventory(WRITES_AT_70), TableSettings.DEFAULTS, OptionalDouble.of(95));

        assertThat(of(plan, ActionType.TUNE_SCALING_POLICY)).isEmpty();
    }

    @Test
    void neverLessAggressive_aLowerTargetOrShorterCooldownStays() {
        ScalingPolicy aggressive = policy("inventory-writes", 40, "DynamoDBWriteCapacityUtilization", 30);

        Action skipped = of(plan(Cause.PROVISIONED, inventory(aggressive), TableSettings.DEFAULTS, OptionalDouble.of(100)),
                ActionType.TUNE_SCALING_POLICY).get(0);
        assertThat(skipped.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(skipped.reason()).contains("already at least as aggressive");

        ScalingPolicy shortCooldown = policy("inventory-writes", 70, "DynamoDBWriteCapacityUtilization", 30);
        assertThat(ScalerTuning.tuned(shortCooldown, TableSettings.DEFAULTS).targetTracking())
                .isEqualTo(shortCooldown.targetTracking().with(50, 30));
    }

    @Test
    void tuned_keepsEveryOtherSettingAsRead_andAnUnsetCooldownUnset() {
        ScalingPolicy read = new ScalingPolicy("p", ScalingPolicy.TARGET_TRACKING, new ScalingPolicy.TargetTracking(70.5,
                "DynamoDBWriteCapacityUtilization", "label", null, null, 900, true));

        ScalingPolicy tuned = ScalerTuning.tuned(read, settings("\"incidentTargetValue\": 45"));

        assertThat(tuned).isEqualTo(new ScalingPolicy("p", ScalingPolicy.TARGET_TRACKING, new ScalingPolicy.TargetTracking(45,
                "DynamoDBWriteCapacityUtilization", "label", null, null, 900, true)));
    }

    @Test
    void customMetricPolicy_isLeftAlone_andTheMessageSaysWhy() {
        ScalingPolicy custom = new ScalingPolicy("custom", ScalingPolicy.TARGET_TRACKING, new ScalingPolicy.TargetTracking(60,
                null, null, "CustomizedMetricSpecification(MetricName=QueueDepth)", 60, 60, false));

        Action action = of(plan(Cause.PROVISIONED, inventory(custom), TableSettings.DEFAULTS, OptionalDouble.of(100)),
                ActionType.TUNE_SCALING_POLICY).get(0);

        assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(action.reason()).isEqualTo("left alone: policy custom tracks a customized metric, not"
                + " DynamoDBWriteCapacityUtilization: a lower target on it is not headroom the responder can reason about");
    }

    @Test
    void stepScalingPolicy_isLeftAlone_andTheMessageSaysWhy() {
        ScalingPolicy step = new ScalingPolicy("steps", "StepScaling", null);

        Action action = of(plan(Cause.PROVISIONED, inventory(step), TableSettings.DEFAULTS, OptionalDouble.of(100)),
                ActionType.TUNE_SCALING_POLICY).get(0);

        assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(action.reason()).contains("StepScaling, not target tracking");
    }

    @Test
    void turnedOff_orWithoutAPolicy_plansWhatItPlannedBefore() {
        Plan off = plan(Cause.PROVISIONED, inventory(WRITES_AT_70), settings("\"tuneScalingPolicy\": false"),
                OptionalDouble.of(100));
        Plan noPolicy = plan(Cause.PROVISIONED, inventory(), TableSettings.DEFAULTS, OptionalDouble.of(100));

        assertThat(of(off, ActionType.TUNE_SCALING_POLICY)).isEmpty();
        assertThat(off.actions()).isEqualTo(noPolicy.actions());
        assertThat(noPolicy.findings()).isEmpty();
    }

    @Test
    void globalTable_holdsTheTuningToo_andItsFindingSaysWhatItWouldHaveBeen() {
        TableState local = inventory(WRITES_AT_70);
        TableState global = new TableState(BillingMode.PROVISIONED, local.table(), Map.of(), TableState.DEFAULT_TABLE_QUOTA,
                TableState.DEFAULT_TABLE_QUOTA, List.of("us-east-1", "eu-west-1"), TableState.DEFAULT_ACCOUNT_QUOTA,
                TableState.DEFAULT_ACCOUNT_QUOTA);

        Plan plan = plan(Cause.PROVISIONED, global, TableSettings.DEFAULTS, OptionalDouble.of(100));

        assertThat(of(plan, ActionType.TUNE_SCALING_POLICY)).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(ActionStatus.SKIPPED));
        assertThat(plan.findings()).anySatisfy(f -> assertThat(f)
                .contains("Would have made: TUNE_SCALING_POLICY table/inventory WRITE (both: ").doesNotContain("null"));
    }

    @Test
    void readPolicyOnAWriteIncident_isNotTheDimensionsPolicy() {
        ScalingPolicy reads = policy("reads", 70, "DynamoDBReadCapacityUtilization", 300);

        Action action = of(plan(Cause.PROVISIONED, inventory(reads), TableSettings.DEFAULTS, OptionalDouble.of(100)),
                ActionType.TUNE_SCALING_POLICY).get(0);

        assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(action.reason()).contains("tracks DynamoDBReadCapacityUtilization, not DynamoDBWriteCapacityUtilization");
    }
}
