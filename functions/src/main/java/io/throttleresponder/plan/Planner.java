package io.throttleresponder.plan;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.evidence.Evidence;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.TableState;
import io.throttleresponder.policy.TableSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Decides what to do about an incident, as a pure function of the incident, the table's state, the
 * table's settings and the consumed-capacity peak. The guard decides afterwards what may happen now.
 */
public final class Planner {

    /**
     * A second raise in one incident needs the demand at least this near the current capacity: below
     * it, the raise already made covers what the evidence shows, and raising again would compound.
     */
    public static final double NEAR_CAPACITY = 0.9;

    /**
     * A consumed-capacity alarm means high utilization only from this share of the provisioned
     * capacity: DynamoDB's own example alarms at 80 % (240 units per 60 s for 5 units).
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/creating-alarms.html">Creating
     *     CloudWatch alarms to monitor DynamoDB</a>
     */
    static final double HIGH_UTILIZATION = 0.8;

    /** Per-partition limits: a key range cannot go past these whatever the table's capacity. */
    static final long PARTITION_READ_LIMIT = 3_000;
    static final long PARTITION_WRITE_LIMIT = 1_000;

    private Planner() {}

    public static Plan plan(Incident incident, TableState state, TableSettings settings, Evidence evidence) {
        OptionalDouble consumedPeak = evidence.consumedPeak();
        History history = evidence.history();
        List<Action> actions = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        ResourceId id = incident.resource();
        Optional<ResourceState> found = state.resource(id);
        if (found.isEmpty()) {
            findings.add("Index " + id.index() + " does not exist on table " + id.table() + "; nothing to change.");
            return new Plan(actions, findings);
        }
        ResourceState resource = found.get();
        Operation operation = incident.operation();
        switch (incident.cause()) {
            case PROVISIONED, UTILIZATION -> planProvisioned(incident, state, resource, settings, evidence, actions, findings);
            case MAX_ON_DEMAND -> planOnDemandMaximum(state, resource, operation, settings, consumedPeak, history, actions,
                    findings);
            case KEY_RANGE -> findings.add(hotPartitionFinding(id, operation));
            case ACCOUNT_LIMIT -> findings.add(accountLimitFinding(state, operation));
            case LATENCY -> findings.add("Average SuccessfulRequestLatency crossed its threshold. This is reported only: "
                    + "check the throttle alarms of the same table, item sizes and the client's retries.");
            case UNKNOWN -> findings.add(operation == null
                    ? "Reads and writes of " + id + " are alarmed together, and neither the read nor the write per-cause"
                            + " metrics have datapoints yet: no capacity is changed. Contributor Insights will show whether"
                            + " keys are hot; the per-operation throttle alarms tell reads from writes."
                    : "The throttling cause could not be determined from the per-cause metrics; "
                            + "no capacity is changed. Contributor Insights will show whether keys are hot.");
        }
        ScalerTuning.plan(incident, state, resource, settings, consumedPeak, actions, findings);
        // An aggregate alarm answers each cause its metrics showed: capacity for its own, keys or quota for these.
        if (evidence.alsoShown().contains(Cause.KEY_RANGE) && incident.cause() != Cause.KEY_RANGE) {
            findings.add("Also a hot partition: " + hotPartitionFinding(id, operation));
        }
        if (evidence.alsoShown().contains(Cause.ACCOUNT_LIMIT) && incident.cause() != Cause.ACCOUNT_LIMIT) {
            findings.add("Also " + accountLimitFinding(state, operation));
        }
        if (state.isGlobal() && !evidence.actsOnGlobalTable()) {
            holdCapacityOfGlobalTable(state, settings, actions, findings);
        }
        if (incident.cause().isThrottle() && settings.contributorInsights()) {
            if (ResourceState.INSIGHTS_UNREADABLE.equals(resource.contributorInsightsStatus())) {
                actions.add(new Action(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null, ActionStatus.FAILED,
                        "its status could not be read (DescribeContributorInsights failed; the log says why)"));
            } else if (resource.contributorInsightsOn()) {
                actions.add(new Action(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null,
                        ActionStatus.SKIPPED, "Contributor Insights is already " + resource.contributorInsightsStatus()));
            } else {
                actions.add(Action.planned(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, id, null, null, null,
                        "find the hot keys (mode " + settings.contributorInsightsMode() + ")"));
            }
            actions.add(Action.planned(ActionType.SCHEDULE_HOT_KEY_SUMMARY, id, operation, null, null,
                    "hot-key summary in " + settings.hotKeySummaryDelay().toMinutes() + " min, once Contributor Insights has data"));
        }
        QuietWatchStart.beside(incident, settings, actions).ifPresent(actions::add);
        return new Plan(actions, findings);
    }

    private static void planProvisioned(Incident incident, TableState state, ResourceState resource, TableSettings settings,
                                        Evidence evidence, List<Action> actions, List<String> findings) {
        OptionalDouble consumedPeak = evidence.consumedPeak();
        History history = evidence.history();
        Operation operation = incident.operation();
        ResourceId id = resource.id();
        if (state.billingMode() != BillingMode.PROVISIONED) {
            findings.add("Table " + id.table() + " is on-demand: there is no provisioned capacity to raise.");
            return;
        }
        long current = resource.provisioned(operation);
        ScalableTarget scaling = resource.scalableTargets().get(operation);
        long base = scaling == null ? current : scaling.minCapacity();
        if (incident.cause() == Cause.UTILIZATION && incident.alarmedRate() != null && current > 0
                && incident.alarmedRate() < HIGH_UTILIZATION * current) {
            long percent = Math.round(100 * incident.alarmedRate() / current);
            String rate = trim(Math.round(incident.alarmedRate() * 10) / 10.0);
            actions.add(new Action(scaling == null ? ActionType.UPDATE_PROVISIONED : ActionType.RAISE_AUTOSCALING_MIN, id,
                    operation, base, base, ActionStatus.SKIPPED, "the alarm's consumption, " + rate
                    + " " + unit(operation) + "/s, is " + percent + "% of the provisioned " + current + ": not high utilization"));
            findings.add("The " + incident.signal() + " alarm reports " + rate + " " + unit(operation)
                    + "/s (its datapoint, or threshold, over its period), " + percent + "% of the provisioned " + current
                    + " " + unit(operation) + ": below " + Math.round(HIGH_UTILIZATION * 100) + "%, so nothing is raised."
                    + " If the alarm is meant as a utilization alarm, set its threshold to 80% of the capacity times the"
                    + " period (DynamoDB's own example: 240 for 5 units over 60 s).");
            return;
        }
        ActionType raise = scaling == null ? ActionType.UPDATE_PROVISIONED : ActionType.RAISE_AUTOSCALING_MIN;
        Optional<Long> preIncident = history.preIncidentValue(id, operation, raise, base);
        Optional<String> compounding = secondRaiseWithoutDemand(preIncident, current, consumedPeak);
        if (compounding.isPresent()) {
            actions.add(new Action(scaling == null ? ActionType.UPDATE_PROVISIONED : ActionType.RAISE_AUTOSCALING_MIN, id,
                    operation, base, base, ActionStatus.SKIPPED, compounding.get()));
            return;
        }
        long cap = Math.min(Math.min(operation == Operation.READ ? settings.maxReadCapacityUnits() : settings.maxWriteCapacityUnits(),
                state.tableQuota(operation)), incidentCeiling(preIncident, current, settings));
        // What the account's other tables and GSIs hold is not this table's to take.
        OptionalLong accountLeft = evidence.accountLeft(state, operation);
        boolean accountBinds = accountLeft.isPresent() && current + accountLeft.getAsLong() < cap;
        if (accountBinds) {
            cap = current + accountLeft.getAsLong();
        }
        long byFactor = (long) Math.ceil(current * settings.scaleFactor());
        long byPeak = consumedPeak.isPresent()
                ? (long) Math.ceil(consumedPeak.getAsDouble() * (1 + settings.headroomPercent() / 100.0))
                : 0;
        // The evidence decides: the scale factor is the first step only when the resource is at capacity,
        // or when CloudWatch has no consumption yet (it is often a minute late). A utilization alarm is that
        // evidence itself: peak plus headroom alone would leave it above its threshold, still in ALARM.
        boolean atCapacity = incident.cause() == Cause.UTILIZATION || consumedPeak.isEmpty()
                || consumedPeak.getAsDouble() >= NEAR_CAPACITY * current;
        if (!atCapacity && byPeak <= current) {
            actions.add(new Action(scaling == null ? ActionType.UPDATE_PROVISIONED : ActionType.RAISE_AUTOSCALING_MIN, id,
                    operation, base, base, ActionStatus.SKIPPED, "the consumed peak " + Math.round(consumedPeak.getAsDouble())
                    + " " + unit(operation) + "/s + " + settings.headroomPercent() + "% headroom (" + byPeak
                    + ") is within the current " + current + ": no raise on this evidence"));
            findings.add(id + " throttled " + operation.name().toLowerCase() + "s below its " + current + " " + unit(operation)
                    + ": bursts above the per-minute average, or a hot key. Contributor Insights and the hot-key summary will"
                    + " tell which.");
            return;
        }
        long wanted = atCapacity ? Math.max(byFactor, byPeak) : byPeak;
        long target = Math.min(wanted, cap);
        if (accountBinds && target < wanted) {
            findings.add("The account's provisioned " + unit(operation) + " quota in the Region (" + state.accountQuota(operation)
                    + ") leaves " + accountLeft.getAsLong() + " " + unit(operation) + " for " + id + ": raise the"
                    + " 'Account-level " + (operation == Operation.READ ? "read" : "write") + " throughput limit' in Service"
                    + " Quotas, or lower other tables.");
        }
        String why = (!atCapacity ? "the consumed peak " + Math.round(consumedPeak.getAsDouble()) + " + "
                + settings.headroomPercent() + "% headroom" : "x" + trim(settings.scaleFactor())
                + (byPeak > byFactor ? ", raised to the consumed peak " + Math.round(consumedPeak.getAsDouble())
                        + " + " + settings.headroomPercent() + "% headroom" : ""))
                + (target < wanted ? ", capped at " + cap : "");
        if (scaling != null && incident.cause() == Cause.UTILIZATION) {
            // High utilization is what the scaler scales on; only throttling (its own alarm) says it is not keeping up.
            actions.add(new Action(ActionType.RAISE_AUTOSCALING_MIN, id, operation, scaling.minCapacity(), scaling.minCapacity(),
                    ActionStatus.SKIPPED, "auto scaling manages " + unit(operation) + ": high utilization is its signal to"
                    + " scale, not a throttle; a throttle alarm raises the floor"));
            return;
        }
        if (scaling != null) {
            // A bare UpdateTable would be pulled back into [min, max] by the scaler: move its floor instead.
            long from = scaling.minCapacity();
            long to = Math.max(target, from);
            if (to <= from) {
                actions.add(new Action(ActionType.RAISE_AUTOSCALING_MIN, id, operation, from, from, ActionStatus.SKIPPED,
                        "MinCapacity " + from + " is already at the cap " + cap));
                findings.add(capFinding(id, operation, cap));
                return;
            }
            actions.add(Action.planned(ActionType.RAISE_AUTOSCALING_MIN, id, operation, from, to,
                    "auto scaling manages " + unit(operation) + "; current " + current + " " + why
                            + (to > scaling.maxCapacity() ? "; MaxCapacity raised from " + scaling.maxCapacity() + " to " + to : "")));
            return;
        }
        if (target <= current) {
            actions.add(new Action(ActionType.UPDATE_PROVISIONED, id, operation, current, current, ActionStatus.SKIPPED,
                    current + " " + unit(operation) + " is already at the cap " + cap));
            findings.add(capFinding(id, operation, cap));
            return;
        }
        actions.add(Action.planned(ActionType.UPDATE_PROVISIONED, id, operation, current, target, why));
    }

    private static void planOnDemandMaximum(TableState state, ResourceState resource, Operation operation, TableSettings settings,
                                            OptionalDouble consumedPeak, History history, List<Action> actions,
                                            List<String> findings) {
        ResourceId id = resource.id();
        if (state.billingMode() != BillingMode.PAY_PER_REQUEST) {
            findings.add("Table " + id.table() + " is provisioned: it has no on-demand maximum to raise.");
            return;
        }
        long current = resource.onDemandMaximum(operation);
        if (current == ResourceState.NO_ON_DEMAND_MAXIMUM) {
            findings.add(id + " has no on-demand maximum set for " + operation.name().toLowerCase()
                    + "s; the throttling comes from elsewhere (hot partition or account quota).");
            return;
        }
        Optional<Long> preIncident = history.preIncidentValue(id, operation, ActionType.RAISE_ON_DEMAND_MAX, current);
        Optional<String> compounding = secondRaiseWithoutDemand(preIncident, current, consumedPeak);
        if (compounding.isPresent()) {
            actions.add(new Action(ActionType.RAISE_ON_DEMAND_MAX, id, operation, current, current, ActionStatus.SKIPPED,
                    compounding.get()));
            return;
        }
        // On-demand request units are bound by the same per-table quota.
        long cap = Math.min(Math.min(operation == Operation.READ ? settings.maxOnDemandReadRequestUnits()
                        : settings.maxOnDemandWriteRequestUnits(), state.tableQuota(operation)),
                incidentCeiling(preIncident, current, settings));
        // Throttled at its maximum, the table is at capacity by definition: the scale factor is the first step,
        // and the consumed peak plus headroom when that is more (a small factor).
        long byFactor = (long) Math.ceil(current * settings.scaleFactor());
        long byPeak = consumedPeak.isPresent()
                ? (long) Math.ceil(consumedPeak.getAsDouble() * (1 + settings.headroomPercent() / 100.0))
                : 0;
        long wanted = Math.max(byFactor, byPeak);
        long target = Math.min(wanted, cap);
        if (target <= current) {
            actions.add(new Action(ActionType.RAISE_ON_DEMAND_MAX, id, operation, current, current, ActionStatus.SKIPPED,
                    "the on-demand maximum " + current + " is already at the cap " + cap));
            findings.add(capFinding(id, operation, cap));
            return;
        }
        actions.add(Action.planned(ActionType.RAISE_ON_DEMAND_MAX, id, operation, current, target,
                "x" + trim(settings.scaleFactor())
                        + (byPeak > byFactor ? ", raised to the consumed peak " + Math.round(consumedPeak.getAsDouble())
                                + " + " + settings.headroomPercent() + "% headroom" : "")
                        + (target < wanted ? ", capped at " + cap : "")));
    }

    /**
     * A global table's capacity settings are shared by its replicas (auto scaling of provisioned writes
     * is replicated, an on-demand maximum applies to all), and each Region's responder would act on the
     * same setting: no capacity change, but a finding that says what it would have been.
     */
    private static void holdCapacityOfGlobalTable(TableState state, TableSettings settings, List<Action> actions,
                                                  List<String> findings) {
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            if (action.type().changesCapacity() && action.status() == ActionStatus.PLANNED) {
                actions.set(i, action.with(ActionStatus.SKIPPED, "global table: no capacity change by the responder"));
                findings.add(action.resource().table() + " is a global table (replicas in "
                        + String.join(", ", state.replicaRegions()) + "): its capacity settings are shared by every"
                        + " replica, so the responder changes none. Would have made: " + action.type() + " "
                        + action.resource() + " " + action.dimension() + (action.from() == null ? "" : " " + action.from() + " -> " + action.to())
                        + " (" + action.reason() + "). "
                        + (settings.globalTableActingRegion() == null ? "Make the change once, by hand."
                        : "The deployment in " + settings.globalTableActingRegion() + " makes it (globalTableActingRegion)."));
            }
        }
    }

    /**
     * Why a raise would compound, when the responder already raised this dimension in the incident (and
     * nobody set another value since: a raise on someone else's value is a first one) and the demand
     * does not show it is still short: each flap past the cooldown would multiply again.
     */
    private static Optional<String> secondRaiseWithoutDemand(Optional<Long> preIncident, long current,
                                                             OptionalDouble consumedPeak) {
        if (preIncident.isEmpty()) {
            return Optional.empty();
        }
        if (consumedPeak.isPresent() && consumedPeak.getAsDouble() >= NEAR_CAPACITY * current) {
            return Optional.empty();
        }
        return Optional.of("no second raise in this incident: the responder raised it already, and the demand ("
                + (consumedPeak.isPresent() ? "peak " + Math.round(consumedPeak.getAsDouble()) + "/s" : "no consumption data")
                + ") is not near the current " + current);
    }

    /**
     * At most maxIncidentFactor times the value before the incident, however many raises it takes; a
     * value someone else set since is the new base.
     */
    private static long incidentCeiling(Optional<Long> preIncident, long current, TableSettings settings) {
        long before = preIncident.orElse(current);
        return (long) Math.floor(before * settings.maxIncidentFactor());
    }

    private static String accountLimitFinding(TableState state, Operation operation) {
        return "The account's per-table quota is reached ("
                + (operation == null ? "" : state.tableQuota(operation) + " " + unit(operation) + " ")
                + "per table). Only a quota increase helps: request it in Service Quotas "
                + "(DynamoDB, 'Table-level " + (operation == Operation.READ ? "read" : "write")
                + " throughput limit'). The responder changes no capacity for this cause.";
    }

    static String hotPartitionFinding(ResourceId id, Operation operation) {
        if (operation == Operation.READ) {
            return "Hot partition on " + id + ": a key range exceeds " + PARTITION_READ_LIMIT
                    + " RCU. More table capacity does not help. Cache the read-hot keys (DAX or an application cache); "
                    + "the hot-key summary will name them.";
        }
        return "Hot partition on " + id + ": a key range exceeds " + PARTITION_WRITE_LIMIT
                + " WCU. More table capacity does not help. Shard the write-hot keys with a suffix "
                + "(the hot-key summary will name them and size the suffix count).";
    }

    private static String capFinding(ResourceId id, Operation operation, long cap) {
        return id + " is at the policy cap of " + cap + " " + unit(operation)
                + ": raise the cap in the policy, or find the hot keys.";
    }

    public static String unit(Operation operation) {
        return operation == Operation.READ ? "RCU" : "WCU";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
