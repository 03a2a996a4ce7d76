package io.throttleresponder.plan;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.model.TableState;
import io.throttleresponder.policy.TableSettings;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Decides whether to make an auto-scaled dimension's target-tracking policy more aggressive for the
 * incident: the hot-partition guide's short-term mitigation (a lower TargetValue, a shorter
 * ScaleOutCooldown), beside or instead of the floor the {@link Planner} raises. A floor fixes this
 * minute's demand; a lower target keeps headroom while the load moves, which is what bursts and uneven
 * keys need. Never less aggressive than the policy already is. Pure.
 */
public final class ScalerTuning {

    /** The predefined metrics a DynamoDB target-tracking policy tracks: the ones a lower target means headroom on. */
    static final String READ_UTILIZATION = "DynamoDBReadCapacityUtilization";
    static final String WRITE_UTILIZATION = "DynamoDBWriteCapacityUtilization";

    private ScalerTuning() {}

    /**
     * Adds the tuning, when the evidence calls for it, to the actions the planner chose for the incident:
     * with a floor raise it planned ("both"), or alone when it raised no floor because the dimension
     * throttled below its capacity, or on a hot partition with spare capacity ("target").
     */
    public static void plan(Incident incident, TableState state, ResourceState resource, TableSettings settings,
                            OptionalDouble consumedPeak, List<Action> actions, List<String> findings) {
        Operation operation = incident.operation();
        if (!settings.tuneScalingPolicy() || operation == null || state.billingMode() != BillingMode.PROVISIONED) {
            return;
        }
        ScalableTarget target = resource.scalableTargets().get(operation);
        if (target == null || target.policies().isEmpty()) {
            return;
        }
        Optional<String> why = why(incident, resource, operation, consumedPeak, actions);
        if (why.isEmpty()) {
            return;
        }
        ResourceId id = resource.id();
        Optional<ScalingPolicy> tunable = tunable(target, operation);
        if (tunable.isEmpty()) {
            ScalingPolicy other = target.policies().get(0);
            actions.add(new Action(ActionType.TUNE_SCALING_POLICY, id, operation, null, null, ActionStatus.SKIPPED,
                    "left alone: " + notTunable(other, operation)));
            return;
        }
        ScalingPolicy policy = tunable.get();
        ScalingPolicy tuned = tuned(policy, settings);
        if (tuned.equals(policy)) {
            actions.add(new Action(ActionType.TUNE_SCALING_POLICY, id, operation, null, null, ActionStatus.SKIPPED,
                    "policy " + policy.name() + " is already at least as aggressive (" + policy.targetTracking().describe()
                            + ") as the incident's TargetValue " + settings.incidentTargetValue() + ", ScaleOutCooldown "
                            + settings.incidentScaleOutCooldownSeconds() + " s"));
            return;
        }
        actions.add(Action.planned(ActionType.TUNE_SCALING_POLICY, id, operation, null, null, why.get() + "; policy "
                + policy.name() + ": " + policy.targetTracking().describe() + " -> " + tuned.targetTracking().describe()));
        findings.add(id + " " + operation + ": the scaling policy " + policy.name() + " is made more aggressive for the"
                + " incident (" + tuned.targetTracking().describe() + ") and put back as it was once the incident is over,"
                + " unless someone changes it meanwhile.");
    }

    /** Which of floor, target or both, and why; empty when the evidence does not call for a lower target. */
    private static Optional<String> why(Incident incident, ResourceState resource, Operation operation,
                                        OptionalDouble consumedPeak, List<Action> actions) {
        long provisioned = resource.provisioned(operation);
        boolean spare = consumedPeak.isPresent() && provisioned > 0
                && consumedPeak.getAsDouble() < Planner.NEAR_CAPACITY * provisioned;
        String peak = consumedPeak.isPresent()
                ? "the consumed peak " + Math.round(consumedPeak.getAsDouble()) + " of " + provisioned + " "
                        + Planner.unit(operation) + "/s" : "";
        if (incident.cause() == Cause.KEY_RANGE) {
            return spare ? Optional.of("target, not floor: a hot partition with spare capacity (" + peak + "); a higher"
                    + " floor adds capacity the hot key range cannot use, a lower target keeps headroom as the keys move")
                    : Optional.empty();
        }
        if (incident.cause() != Cause.PROVISIONED) {
            return Optional.empty();
        }
        boolean floorRaised = actions.stream().anyMatch(a -> a.type() == ActionType.RAISE_AUTOSCALING_MIN
                && a.resource().equals(resource.id()) && a.dimension() == operation && a.status() == ActionStatus.PLANNED);
        if (floorRaised) {
            return Optional.of("both: the raised floor covers this minute's demand, a lower target keeps headroom as the"
                    + " load moves");
        }
        return spare ? Optional.of("target, not floor: throttled below its capacity (" + peak + "), so bursts above the"
                + " per-minute average; no floor raise on this evidence, a lower target keeps headroom for them")
                : Optional.empty();
    }

    /** The dimension's target-tracking policy on DynamoDB's own utilization metric for it, if it has one. */
    public static Optional<ScalingPolicy> tunable(ScalableTarget target, Operation operation) {
        String metric = operation == Operation.READ ? READ_UTILIZATION : WRITE_UTILIZATION;
        return target.policies().stream()
                .filter(ScalingPolicy::isTargetTracking)
                .filter(p -> metric.equals(p.targetTracking().predefinedMetricType()))
                .findFirst();
    }

    private static String notTunable(ScalingPolicy policy, Operation operation) {
        if (!policy.isTargetTracking()) {
            return "policy " + policy.name() + " is " + policy.type() + ", not target tracking: it has no target to lower";
        }
        return "policy " + policy.name() + " tracks " + (policy.targetTracking().predefinedMetricType() == null
                ? "a customized metric" : policy.targetTracking().predefinedMetricType())
                + ", not " + (operation == Operation.READ ? READ_UTILIZATION : WRITE_UTILIZATION)
                + ": a lower target on it is not headroom the responder can reason about";
    }

    /**
     * The policy with its target and scale-out cooldown at most the incident's; every other setting as it
     * was. An unset ScaleOutCooldown is DynamoDB's default of 0 s, shorter than any the incident sets.
     *
     * @see <a href="https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html">Target
     *     tracking: default cooldown periods (0 s for DynamoDB tables and GSIs)</a>
     */
    public static ScalingPolicy tuned(ScalingPolicy policy, TableSettings settings) {
        ScalingPolicy.TargetTracking current = policy.targetTracking();
        double target = Math.min(current.targetValue(), settings.incidentTargetValue());
        Integer cooldown = current.scaleOutCooldown() == null ? null
                : Math.min(current.scaleOutCooldown(), settings.incidentScaleOutCooldownSeconds());
        return policy.with(current.with(target, cooldown));
    }
}
