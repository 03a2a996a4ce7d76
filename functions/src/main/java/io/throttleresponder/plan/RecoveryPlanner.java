package io.throttleresponder.plan;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.OthersChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.TableState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the undoing of the responder's own changes after an incident, and only those. A throttle
 * alarm goes OK because capacity was raised, so a restore never goes below today's demand (its peak
 * since the OK plus headroom): while demand is high it holds, or steps down part way, and looks again
 * later. It never goes below the pre-incident value, spends decreases only as DynamoDB's rule allows,
 * waits for a busy table, and leaves alone what someone else has changed since. Pure.
 */
public final class RecoveryPlanner {

    /** How soon to look again while demand holds a restore back: long enough for the demand to change. */
    public static final Duration DEMAND_RECHECK = Duration.ofMinutes(15);
    /**
     * LastUpdateDateTime of Contributor Insights moves again when the responder's own ENABLING becomes ENABLED:
     * a change of status later than this after the responder enabled it is someone else's.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContributorInsights.html">
     *     DescribeContributorInsights: LastUpdateDateTime, the last time the status was changed</a>
     */
    static final Duration INSIGHTS_SETTLE = Duration.ofMinutes(15);
    /** A table's update usually completes within a minute or two. */
    public static final Duration BUSY_RECHECK = Duration.ofMinutes(1);

    private RecoveryPlanner() {}

    public static RecoveryPlan plan(IncidentRecord record, TableState state, Demand demand, TableSettings settings,
                                    Instant now) {
        Decisions decisions = new Decisions(now);
        List<Action> actions = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        ResourceId id = record.resource();
        ResourceState resource = state.resource(id).orElse(null);
        if (resource == null) {
            findings.add(id + " no longer exists: nothing to restore.");
            return decisions.plan(actions, findings);
        }
        boolean decreasePlanned = false;
        List<CapacityChange> changes = record.changes().stream()
                .sorted(Comparator.comparing(CapacityChange::dimension))
                .toList();
        for (CapacityChange change : changes) {
            Action action = switch (change.type()) {
                case UPDATE_PROVISIONED -> restoreProvisioned(change, state, resource, demand, settings, decreasePlanned,
                        decisions);
                case RAISE_AUTOSCALING_MIN -> restoreAutoScalingMin(change, state, resource, decisions);
                case RAISE_ON_DEMAND_MAX -> restoreOnDemandMax(change, state, resource, demand, settings, decisions);
                default -> throw new IllegalArgumentException(change.type() + " is not a capacity change");
            };
            decreasePlanned |= action.type() == ActionType.RESTORE_PROVISIONED && action.status() == ActionStatus.PLANNED;
            actions.add(action);
        }
        if (record.contributorInsightsEnabledByResponder()) {
            String changedBySomeoneElse = insightsChangedSince(record, resource);
            actions.add(!resource.contributorInsightsOn()
                    ? new Action(ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null, ActionStatus.SKIPPED,
                            "already " + resource.contributorInsightsStatus())
                    : changedBySomeoneElse != null
                    ? new Action(ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null, ActionStatus.SKIPPED,
                            "left on: " + changedBySomeoneElse)
                    : Action.planned(ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null,
                            "the responder enabled it for the incident"));
        }
        return decisions.plan(actions, findings);
    }

    /**
     * Why Contributor Insights is no longer as the responder left it (someone else set its mode, or changed its
     * status well after the responder's enabling settled), so it is theirs to keep on; null when it is as left.
     */
    private static String insightsChangedSince(IncidentRecord record, ResourceState resource) {
        if (record.insightsMode() != null && resource.contributorInsightsMode() != null
                && !record.insightsMode().equals(resource.contributorInsightsMode())) {
            return "its mode is now " + resource.contributorInsightsMode() + ", the responder enabled it in "
                    + record.insightsMode() + ": someone else's setting";
        }
        if (record.insightsEnabledAt() != null && resource.contributorInsightsUpdatedAt() != null
                && resource.contributorInsightsUpdatedAt().isAfter(record.insightsEnabledAt().plus(INSIGHTS_SETTLE))) {
            return "its status changed at " + resource.contributorInsightsUpdatedAt() + ", after the responder enabled it"
                    + " at " + record.insightsEnabledAt() + ": someone else's change";
        }
        return null;
    }

    /** The scalable target's MaxCapacity to register with the restored floor: the pre-incident one, unless someone changed it since. */
    public static long maximumToRestore(CapacityChange change, ScalableTarget target) {
        // The responder raised MaxCapacity to the floor it set only when the floor went past it.
        boolean raisedByResponder = change.preIncidentMaximum() != null && target.maxCapacity() == change.lastValue();
        return raisedByResponder ? change.preIncidentMaximum() : target.maxCapacity();
    }

    /** What the plan decided about each change besides its action, and when to look again. */
    private static final class Decisions {
        private final Instant now;
        private final List<CapacityChange> leftAsIs = new ArrayList<>();
        private final List<CapacityChange> heldBack = new ArrayList<>();
        private final List<String> findings = new ArrayList<>();
        private Instant lookAgainAt;

        Decisions(Instant now) {
            this.now = now;
        }

        Action leave(Action restore, CapacityChange change, String why) {
            leftAsIs.add(change);
            return restore.with(ActionStatus.SKIPPED, "left as is: " + why);
        }

        Action hold(Action restore, CapacityChange change, String why, Instant until) {
            heldBack.add(change);
            lookAgainAt = lookAgainAt == null || until.isBefore(lookAgainAt) ? until : lookAgainAt;
            return restore.with(ActionStatus.SKIPPED, "held: " + why + "; looking again at " + until);
        }

        /** Down to today's demand only: the rest is undone once the demand allows. */
        Action stepDown(Action restore, CapacityChange change, String why) {
            heldBack.add(change);
            Instant until = now.plus(DEMAND_RECHECK);
            lookAgainAt = lookAgainAt == null || until.isBefore(lookAgainAt) ? until : lookAgainAt;
            return restore.with(ActionStatus.PLANNED, why + "; the rest when demand allows (looking again at " + until + ")");
        }

        RecoveryPlan plan(List<Action> actions, List<String> findings) {
            List<String> all = new ArrayList<>(findings);
            all.addAll(this.findings);
            return new RecoveryPlan(new Plan(actions, all), leftAsIs, heldBack, lookAgainAt);
        }
    }

    /**
     * One UpdateTable restores both dimensions of a resource and counts as one decrease, so only the
     * first provisioned restore of a resource is weighed against the decrease rule.
     */
    private static Action restoreProvisioned(CapacityChange change, TableState state, ResourceState resource, Demand demand,
                                             TableSettings settings, boolean decreaseAlreadyPlanned, Decisions decisions) {
        Operation dimension = change.dimension();
        long current = resource.provisioned(dimension);
        Action base = new Action(ActionType.RESTORE_PROVISIONED, change.resource(), dimension, current,
                change.preIncidentValue(), ActionStatus.PLANNED, null);
        if (state.billingMode() != BillingMode.PROVISIONED) {
            // Switching back to provisioned brings the last provisioned units back: still the responder's to undo.
            return decisions.hold(base, change, "the table is on-demand now; its provisioned units come back if it"
                    + " switches back", decisions.now.plus(DEMAND_RECHECK));
        }
        if (current <= change.preIncidentValue()) {
            return decisions.leave(base, change, "already at or below the pre-incident " + change.preIncidentValue());
        }
        if (current != change.lastValue()) {
            return decisions.leave(base, change, othersValue(change, current, decisions.now));
        }
        if (!"ACTIVE".equals(resource.status())) {
            return decisions.hold(base, change, resource.id() + " is " + resource.status()
                    + " (DynamoDB takes one update at a time)", decisions.now.plus(BUSY_RECHECK));
        }
        long target = Math.max(change.preIncidentValue(), demand.floor(dimension, settings.headroomPercent()));
        String need = demandText(demand, dimension, settings, Planner.unit(dimension));
        if (target >= current) {
            return decisions.hold(base, change, need + " needs " + target + ", at or above the current " + current,
                    decisions.now.plus(DEMAND_RECHECK));
        }
        if (!decreaseAlreadyPlanned) {
            Instant next = DecreaseRule.nextAllowed(resource.decreases(), decisions.now);
            if (next.isAfter(decisions.now)) {
                return decisions.hold(base, change, "DynamoDB allows the next decrease of " + resource.id() + " at " + next
                        + " (" + resource.decreases().today() + " today)", next);
            }
        }
        Action restore = new Action(ActionType.RESTORE_PROVISIONED, change.resource(), dimension, current, target,
                ActionStatus.PLANNED, null);
        return target > change.preIncidentValue()
                ? decisions.stepDown(restore, change, "down to " + need + " (pre-incident " + change.preIncidentValue() + ")")
                : restore.with(ActionStatus.PLANNED, backTo(change, "back to the pre-incident value"));
    }

    /** The value someone else set after the responder's last change: theirs, left as it is. */
    private static String othersValue(CapacityChange change, long current, Instant now) {
        return "changed since the responder set " + change.lastValue() + " (now " + current + "): "
                + new OthersChange(current, now).kept(change.type(), change.dimension());
    }

    /** Back to the value before the incident, or to the value someone else set in it, which the raise was built on. */
    private static String backTo(CapacityChange change, String preIncident) {
        return change.others() == null ? preIncident
                : "back to the value the raise was built on: " + change.others().kept(change.type(), change.dimension());
    }

    /** The scaler follows demand from its floor, so the floor goes back whole; a lowered floor lowers nothing by itself. */
    private static Action restoreAutoScalingMin(CapacityChange change, TableState state, ResourceState resource,
                                                Decisions decisions) {
        ScalableTarget target = resource.scalableTargets().get(change.dimension());
        long current = target == null ? change.lastValue() : target.minCapacity();
        Action base = new Action(ActionType.RESTORE_AUTOSCALING_MIN, change.resource(), change.dimension(), current,
                change.preIncidentValue(), ActionStatus.PLANNED, null);
        if (target == null) {
            return decisions.leave(base, change, "the scalable target no longer exists");
        }
        if (current != change.lastValue()) {
            return decisions.leave(base, change, "MinCapacity " + othersValue(change, current, decisions.now));
        }
        if (state.billingMode() != BillingMode.PROVISIONED) {
            // The target stays registered through a switch to on-demand and applies again on the way back.
            return decisions.hold(base, change, "the table is on-demand now; the raised floor stays registered and"
                    + " applies again if it switches back", decisions.now.plus(DEMAND_RECHECK));
        }
        long maximum = maximumToRestore(change, target);
        String maximumText = maximum != target.maxCapacity() ? "; MaxCapacity back to " + maximum
                : change.preIncidentMaximum() != null ? "; MaxCapacity " + target.maxCapacity() + " left as someone set it" : "";
        if (target.scaleInOff()) {
            long capacity = resource.provisioned(change.dimension());
            decisions.findings.add(resource.id() + " " + change.dimension() + ": scale-in is off on its scaler (suspended,"
                    + " or DisableScaleIn on the scaling policy), so the restored MinCapacity " + change.preIncidentValue()
                    + " lowers nothing: capacity stays at " + capacity + " " + Planner.unit(change.dimension())
                    + " until a person lowers it or turns scale-in back on.");
            return base.with(ActionStatus.PLANNED, "the floor goes back, but scale-in is off: capacity stays at " + capacity
                    + maximumText);
        }
        return base.with(ActionStatus.PLANNED, (change.others() == null ? "" : backTo(change, "") + "; ")
                + "the scaler scales in from here" + maximumText);
    }

    private static Action restoreOnDemandMax(CapacityChange change, TableState state, ResourceState resource, Demand demand,
                                             TableSettings settings, Decisions decisions) {
        Operation dimension = change.dimension();
        long current = resource.onDemandMaximum(dimension);
        Action base = new Action(ActionType.RESTORE_ON_DEMAND_MAX, change.resource(), dimension, current,
                change.preIncidentValue(), ActionStatus.PLANNED, null);
        if (state.billingMode() != BillingMode.PAY_PER_REQUEST) {
            return decisions.leave(base, change, "the table is no longer on-demand");
        }
        if (current != change.lastValue()) {
            return decisions.leave(base, change, othersValue(change, current, decisions.now));
        }
        if (!"ACTIVE".equals(resource.status())) {
            return decisions.hold(base, change, resource.id() + " is " + resource.status()
                    + " (DynamoDB takes one update at a time)", decisions.now.plus(BUSY_RECHECK));
        }
        long target = Math.max(change.preIncidentValue(), demand.floor(dimension, settings.headroomPercent()));
        String need = demandText(demand, dimension, settings, "request units");
        if (target >= current) {
            return decisions.hold(base, change, need + " needs " + target + ", at or above the current maximum " + current,
                    decisions.now.plus(DEMAND_RECHECK));
        }
        Action restore = new Action(ActionType.RESTORE_ON_DEMAND_MAX, change.resource(), dimension, current, target,
                ActionStatus.PLANNED, null);
        return target > change.preIncidentValue()
                ? decisions.stepDown(restore, change, "down to " + need + " (pre-incident " + change.preIncidentValue() + ")")
                : restore.with(ActionStatus.PLANNED, backTo(change, "back to the pre-incident maximum"));
    }

    private static String demandText(Demand demand, Operation dimension, TableSettings settings, String unit) {
        return "today's demand (peak " + Math.round(demand.peak(dimension)) + " " + unit + "/s + "
                + settings.headroomPercent() + "% headroom)";
    }
}
