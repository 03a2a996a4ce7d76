package io.throttleresponder.act;

import static io.throttleresponder.respond.Fixtures.INVENTORY;
import static io.throttleresponder.plan.ScalerTuningTest.WRITES_AT_70;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.plan.ScalerTuningTest;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.model.TableState;
import io.throttleresponder.plan.ScalerTuning;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.respond.Fakes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScalingPolicyChangesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T03:16:00Z");
    private static final Action TUNE = Action.planned(ActionType.TUNE_SCALING_POLICY, INVENTORY, Operation.WRITE, null, null,
            "both: ...");
    private static final ScalingPolicy TUNED = ScalerTuning.tuned(WRITES_AT_70, TableSettings.DEFAULTS);

    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final Fakes.Actuator actuator = new Fakes.Actuator();
    private final CapacityChanges changes = new CapacityChanges(ledger, ledger, actuator);

    private Action tune(CapacityChanges.Lock lock, TableState state) {
        return changes.raise(TUNE, lock, state.table(), TableSettings.DEFAULTS, NOW,
                (change, why) -> change.with(ActionStatus.SKIPPED, "deferred: " + why));
    }

    @Test
    void tune_recordsThePolicyBeforeAndAsSet_thenPutsItWithEveryOtherSettingKept() {
        Action done = tune(CapacityChanges.Lock.HELD, ScalerTuningTest.inventory(WRITES_AT_70));

        assertThat(done.status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(ledger.policyChanges.values()).containsExactly(new PolicyChange(INVENTORY, Operation.WRITE, WRITES_AT_70,
                TUNED, NOW));
        assertThat(actuator.calls).containsExactly("putScalingPolicy table/inventory WRITE " + TUNED);
        assertThat(TUNED.targetTracking()).isEqualTo(new ScalingPolicy.TargetTracking(50, "DynamoDBWriteCapacityUtilization",
                null, null, 60, 600, false));
    }

    @Test
    void tune_aSecondTimeInTheIncident_isSkipped_soTheOriginalStaysRecorded() {
        tune(CapacityChanges.Lock.HELD, ScalerTuningTest.inventory(WRITES_AT_70));
        ScalingPolicy changedBySomeone = ScalerTuningTest.policy("inventory-writes", 65, "DynamoDBWriteCapacityUtilization", 300);

        Action again = tune(CapacityChanges.Lock.HELD, ScalerTuningTest.inventory(changedBySomeone));

        assertThat(again.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(again.reason()).contains("tuned policy inventory-writes already in this incident");
        assertThat(ledger.policyChanges.values()).extracting(PolicyChange::before).containsExactly(WRITES_AT_70);
        assertThat(actuator.calls).hasSize(1);
    }

    @Test
    void tune_alreadyAggressiveWhenReadUnderTheLock_isSkippedWithoutRecordingOrCalling() {
        Action done = tune(CapacityChanges.Lock.HELD, ScalerTuningTest.inventory(TUNED));

        assertThat(done.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(done.reason()).contains("changed since this response read it");
        assertThat(ledger.policyChanges).isEmpty();
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void tune_refused_failsAlone_andGivesTheRecordBack() {
        actuator.failing.add("putScalingPolicy");

        Action done = tune(CapacityChanges.Lock.HELD, ScalerTuningTest.inventory(WRITES_AT_70));

        assertThat(done.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(done.reason()).contains("putScalingPolicy refused");
        assertThat(ledger.policyChanges).isEmpty();
    }

    @Test
    void tune_whileAnotherResponseHoldsTheTable_isDeferredLikeACapacityChange() {
        Action done = tune(CapacityChanges.Lock.BUSY, ScalerTuningTest.inventory(WRITES_AT_70));

        assertThat(done.reason()).startsWith("deferred: another response is changing table inventory");
        assertThat(actuator.calls).isEmpty();
    }
}
