package io.throttleresponder.plan;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.model.TableState;
import java.util.List;
import java.util.Optional;

/**
 * Plans putting back the scaling policies the responder tuned, exactly as they were before the incident,
 * and only those still as the responder set them: a policy someone changed since is theirs, and stays.
 * A restored target lowers no capacity by itself (the scaler scales in from there at its own pace), so
 * it waits for neither demand nor DynamoDB's decrease rule. Pure.
 */
public final class PolicyRestorePlanner {

    /** A tuned policy's restore, planned or left as is with the reason. */
    public record Restore(PolicyChange change, Action action) {

        /** Once carried out, or left as is, recovery is done with the change. */
        public boolean leftAsIs() {
            return action.status() == ActionStatus.SKIPPED;
        }
    }

    private PolicyRestorePlanner() {}

    public static List<Restore> plan(IncidentRecord record, TableState state) {
        Optional<ResourceState> resource = state.resource(record.resource());
        return record.policyChanges().stream()
                .map(change -> new Restore(change, restore(change, resource.orElse(null))))
                .toList();
    }

    private static Action restore(PolicyChange change, ResourceState resource) {
        String name = change.before().name();
        Action base = new Action(ActionType.RESTORE_SCALING_POLICY, change.resource(), change.dimension(), null, null,
                ActionStatus.PLANNED, null);
        ScalableTarget target = resource == null ? null : resource.scalableTargets().get(change.dimension());
        Optional<ScalingPolicy> current = target == null ? Optional.empty()
                : target.policies().stream().filter(p -> p.name().equals(name)).findFirst();
        if (current.isEmpty()) {
            return base.with(ActionStatus.SKIPPED, "left as is: policy " + name + " no longer exists");
        }
        if (!current.get().equals(change.set())) {
            return base.with(ActionStatus.SKIPPED, "left as is: policy " + name + " changed since the responder set "
                    + describe(change.set()) + " (now " + describe(current.get()) + ")");
        }
        return base.with(ActionStatus.PLANNED, "policy " + name + " back to " + describe(change.before())
                + ", as before the incident");
    }

    private static String describe(ScalingPolicy policy) {
        return policy.isTargetTracking() ? policy.targetTracking().describe() : policy.type();
    }
}
