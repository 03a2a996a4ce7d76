package io.throttleresponder.recovery;

import io.throttleresponder.respond.Action;
import io.throttleresponder.respond.ActionStatus;
import io.throttleresponder.respond.ActionType;
import io.throttleresponder.respond.BillingMode;
import io.throttleresponder.respond.CapacityChange;
import io.throttleresponder.respond.IncidentRecord;
import io.throttleresponder.respond.Operation;
import io.throttleresponder.respond.Plan;
import io.throttleresponder.respond.ResourceId;
import io.throttleresponder.respond.ResourceState;
import io.throttleresponder.respond.ScalableTarget;
import io.throttleresponder.respond.TableState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the undoing of the responder's own changes after an incident, and only those: back to the
 * pre-incident value (never below), within the decrease budget, leaving alone what someone else has
 * changed since. Pure.
 */
public final class RecoveryPlanner {

    private RecoveryPlanner() {}

    public static RecoveryPlan plan(IncidentRecord record, TableState state, Instant now) {
        Decisions decisions = new Decisions();
        List<Action> actions = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        ResourceId id = record.resource();
        ResourceState resource = state.resource(id).orElse(null);
        if (resource == null) {
            findings.add(id + " no longer exists: nothing to restore.");
            actions.add(notifyAction(id));
            return decisions.plan(actions, findings);
        }
        boolean decreasePlanned = false;
        List<CapacityChange> changes = record.changes().stream()
                .sorted(Comparator.comparing(CapacityChange::dimension))
                .toList();
        for (CapacityChange change : changes) {
            Action action = switch (change.type()) {
                case UPDATE_PROVISIONED -> restoreProvisioned(change, state, resource, now, decreasePlanned, decisions);
                case RAISE_AUTOSCALING_MIN -> restoreAutoScalingMin(change, resource, decisions);
                case RAISE_ON_DEMAND_MAX -> restoreOnDemandMax(change, state, resource, decisions);
                default -> throw new IllegalArgumentException(change.type() + " is not a capacity change");
            };
            decreasePlanned |= action.type() == ActionType.RESTORE_PROVISIONED && action.status() == ActionStatus.PLANNED;
            actions.add(action);
        }
        if (record.contributorInsightsEnabledByResponder()) {
            actions.add(resource.contributorInsightsOn()
                    ? Action.planned(ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null,
                            "the responder enabled it for the incident")
                    : new Action(ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null, ActionStatus.SKIPPED,
                            "already " + resource.contributorInsightsStatus()));
        }
        actions.add(notifyAction(id));
        return decisions.plan(actions, findings);
    }

    /** What the plan decided about each change besides its action. */
    private static final class Decisions {
        private final List<CapacityChange> leftAsIs = new ArrayList<>();
        private final List<CapacityChange> heldBack = new ArrayList<>();

        Action leave(Action restore, CapacityChange change, String why) {
            leftAsIs.add(change);
            return restore.with(ActionStatus.SKIPPED, "left as is: " + why);
        }

        Action holdBack(Action restore, CapacityChange change, String why) {
            heldBack.add(change);
            return restore.with(ActionStatus.SKIPPED, "left as is for now: " + why);
        }

        RecoveryPlan plan(List<Action> actions, List<String> findings) {
            return new RecoveryPlan(new Plan(actions, findings), leftAsIs, heldBack);
        }
    }

    /**
     * One UpdateTable restores both dimensions of a resource and counts as one decrease, so only the
     * first provisioned restore of a resource spends the budget.
     */
    private static Action restoreProvisioned(CapacityChange change, TableState state, ResourceState resource, Instant now,
                                             boolean decreaseAlreadyPlanned, Decisions decisions) {
        Operation dimension = change.dimension();
        long current = resource.provisioned(dimension);
        Action base = new Action(ActionType.RESTORE_PROVISIONED, change.resource(), dimension, current,
                change.preIncidentValue(), ActionStatus.PLANNED, null);
        if (state.billingMode() != BillingMode.PROVISIONED) {
            return decisions.leave(base, change, "the table is no longer provisioned");
        }
        if (current <= change.preIncidentValue()) {
            return decisions.leave(base, change, "already at or below the pre-incident " + change.preIncidentValue());
        }
        if (current != change.lastValue()) {
            return decisions.leave(base, change, "changed since the responder set " + change.lastValue()
                    + " (now " + current + ")");
        }
        if (!decreaseAlreadyPlanned && DecreaseBudget.remaining(resource.decreasesToday(), now) == 0) {
            return decisions.holdBack(base, change, "decrease budget spent (" + resource.decreasesToday()
                    + " today); next decrease allowed at " + DecreaseBudget.nextAllowed(resource.decreasesToday(), now));
        }
        return base.with(ActionStatus.PLANNED, "back to the pre-incident value");
    }

    private static Action restoreAutoScalingMin(CapacityChange change, ResourceState resource, Decisions decisions) {
        ScalableTarget target = resource.scalableTargets().get(change.dimension());
        long current = target == null ? change.lastValue() : target.minCapacity();
        Action base = new Action(ActionType.RESTORE_AUTOSCALING_MIN, change.resource(), change.dimension(), current,
                change.preIncidentValue(), ActionStatus.PLANNED, null);
        if (target == null) {
            return decisions.leave(base, change, "the scalable target no longer exists");
        }
        if (current != change.lastValue()) {
            return decisions.leave(base, change, "MinCapacity changed since the responder set "
                    + change.lastValue() + " (now " + current + ")");
        }
        return base.with(ActionStatus.PLANNED, "the scaler scales in from here"
                + (change.preIncidentMaximum() == null ? "" : "; MaxCapacity back to " + change.preIncidentMaximum()));
    }

    private static Action restoreOnDemandMax(CapacityChange change, TableState state, ResourceState resource,
                                             Decisions decisions) {
        long current = resource.onDemandMaximum(change.dimension());
        Action base = new Action(ActionType.RESTORE_ON_DEMAND_MAX, change.resource(), change.dimension(), current,
                change.preIncidentValue(), ActionStatus.PLANNED, null);
        if (state.billingMode() != BillingMode.PAY_PER_REQUEST) {
            return decisions.leave(base, change, "the table is no longer on-demand");
        }
        if (current != change.lastValue()) {
            return decisions.leave(base, change, "changed since the responder set " + change.lastValue()
                    + " (now " + current + ")");
        }
        return base.with(ActionStatus.PLANNED, "back to the pre-incident maximum");
    }

    private static Action notifyAction(ResourceId id) {
        return Action.planned(ActionType.NOTIFY, id, null, null, null, "incident resolved message to the notifications topic");
    }
}
