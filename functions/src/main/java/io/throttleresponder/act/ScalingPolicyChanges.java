package io.throttleresponder.act;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.plan.ScalerTuning;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.ScalingPolicyLedger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a planned scaling-policy tuning: from the policy as read under the table's lock, recorded in the
 * ledger (the policy before, and the one set) before PutScalingPolicy, the record given back when the
 * call fails. Only TargetValue and ScaleOutCooldown change; every other setting goes back as read.
 */
public final class ScalingPolicyChanges {

    private final ScalingPolicyLedger ledger;
    private final Actuator actuator;

    ScalingPolicyChanges(ScalingPolicyLedger ledger, Actuator actuator) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.actuator = Objects.requireNonNull(actuator, "actuator");
    }

    Action tune(Action change, ResourceState fresh, TableSettings settings, Instant now) {
        ScalableTarget target = fresh.scalableTargets().get(change.dimension());
        Optional<ScalingPolicy> found = target == null ? Optional.empty() : ScalerTuning.tunable(target, change.dimension());
        if (found.isEmpty()) {
            return change.with(ActionStatus.SKIPPED, "the target-tracking policy is gone: changed since this response read it");
        }
        ScalingPolicy policy = found.get();
        ScalingPolicy tuned = ScalerTuning.tuned(policy, settings);
        if (tuned.equals(policy)) {
            return change.with(ActionStatus.SKIPPED, "policy " + policy.name() + " is already at "
                    + policy.targetTracking().describe() + ": changed since this response read it");
        }
        PolicyChange record = new PolicyChange(change.resource(), change.dimension(), policy, tuned, now);
        if (!ledger.reservePolicyChange(record)) {
            return change.with(ActionStatus.SKIPPED, "the responder tuned policy " + policy.name()
                    + " already in this incident; its original is what recovery puts back");
        }
        try {
            actuator.putScalingPolicy(change.resource(), change.dimension(), tuned);
        } catch (RuntimeException e) {
            ledger.cancelPolicyChange(record);
            throw e;
        }
        return change.with(ActionStatus.APPLIED, change.reason());
    }
}
