package io.throttleresponder.respond;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one alarm notification: diagnose, read state, plan, guard, act, record, notify. The
 * decisions are the pure {@link Diagnoser}, {@link Planner} and {@link Guard}; this class only
 * sequences them with the edges.
 */
public final class Responder {

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    private final Policy policy;
    private final TableStateReader tables;
    private final MetricsReader metrics;
    private final Actuator actuator;
    private final FollowUpScheduler followUps;
    private final Ledger ledger;
    private final Notifier notifier;
    private final Clock clock;
    private final boolean planOnly;

    private Responder(Builder builder) {
        this.policy = Objects.requireNonNull(builder.policy, "policy");
        this.tables = Objects.requireNonNull(builder.tables, "tables");
        this.metrics = Objects.requireNonNull(builder.metrics, "metrics");
        this.actuator = Objects.requireNonNull(builder.actuator, "actuator");
        this.followUps = builder.followUps;
        this.ledger = Objects.requireNonNull(builder.ledger, "ledger");
        this.notifier = Objects.requireNonNull(builder.notifier, "notifier");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.planOnly = builder.planOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Response respond(AlarmNotification alarm) {
        if (alarm.state() == AlarmState.INSUFFICIENT_DATA) {
            return ignored(alarm, null, "alarm state is INSUFFICIENT_DATA: no datapoints, nothing to act on");
        }
        Diagnosis diagnosis = Diagnoser.diagnose(alarm);
        if (diagnosis instanceof Diagnosis.NotActionable notActionable) {
            return ignored(alarm, null, notActionable.reason());
        }
        Incident incident = ((Diagnosis.Found) diagnosis).incident();
        String table = incident.resource().table();
        TableSettings settings = policy.settingsFor(table).orElse(null);
        if (settings == null) {
            return ignored(alarm, incident, "table " + table + " is not watched by the policy");
        }
        Instant now = clock.instant();
        if (!planOnly && !ledger.claim(alarm.stateChangeKey(), now)) {
            return ignored(alarm, incident, "duplicate delivery: this state change of " + alarm.alarmName()
                    + " (" + alarm.stateChangeTime() + ") was already handled");
        }
        Response response;
        try {
            response = alarm.state() == AlarmState.OK
                    ? scheduleRecovery(alarm, incident, settings, now)
                    : respond(alarm, incident, settings, now);
        } catch (RuntimeException e) {
            // Reading state failed before any change: give the claim back so a retry can act.
            if (!planOnly) {
                ledger.release(alarm.stateChangeKey());
            }
            throw e;
        }
        if (!planOnly) {
            // After the changes the claim stays even if this write fails: a retry must not act twice.
            ledger.record(response, now);
        }
        return response;
    }

    /**
     * The alarm is back to OK: if the responder changed anything on the resource, undo it after the
     * quiet period, unless an alarm fires again meanwhile (the recovery checks).
     */
    private Response scheduleRecovery(AlarmNotification alarm, Incident incident, TableSettings settings, Instant now) {
        ResourceId resource = incident.resource();
        if (planOnly) {
            return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.PLANNED, "plan only: no change made",
                    incident, List.of(Action.planned(ActionType.SCHEDULE_RECOVERY, resource, null, null, null,
                            "plan only: recovery after " + settings.recoveryQuietPeriod().toMinutes() + " min quiet")), List.of());
        }
        IncidentRecord record = ledger.incident(resource).orElse(null);
        if (record == null || !record.hasSomethingToUndo()) {
            return ignored(alarm, incident, "alarm returned to OK; the responder changed nothing on " + resource + " to undo");
        }
        ledger.noteOk(resource, now);
        Action schedule = Action.planned(ActionType.SCHEDULE_RECOVERY, resource, null, null, null,
                "undo the responder's changes after " + settings.recoveryQuietPeriod().toMinutes()
                        + " min without a new alarm");
        if (followUps == null) {
            schedule = schedule.with(ActionStatus.SKIPPED, "no follow-up queue is configured (FOLLOW_UP_QUEUE_URL)");
        } else {
            try {
                followUps.schedule(new FollowUp(FollowUp.Kind.RECOVERY, alarm.alarmName(), resource, incident.operation(),
                        now, 0), settings.recoveryQuietPeriod());
                schedule = schedule.with(ActionStatus.APPLIED, schedule.reason());
            } catch (RuntimeException e) {
                LOG.warn("scheduling the recovery of {} failed", resource, e);
                schedule = schedule.with(ActionStatus.FAILED, schedule.reason() + "; failed: " + e.getMessage());
            }
        }
        return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.ACTED, null, incident,
                List.of(schedule), List.of());
    }

    private Response respond(AlarmNotification alarm, Incident incident, TableSettings settings, Instant now) {
        TableState state;
        try {
            state = tables.read(incident.resource());
        } catch (TableNotFoundException e) {
            return ignored(alarm, incident, e.getMessage());
        }
        if (!planOnly) {
            ledger.noteAlarm(incident.resource(), alarm.alarmName(), incident.signal(), now);
        }
        if (incident.aggregate()) {
            Map<Cause, Double> byCause = metrics.throttleEventsByCause(incident.resource(), incident.operation(), now);
            incident = CauseRefinement.refine(incident, byCause, state);
        }
        OptionalDouble peak = needsPeak(incident) && state.billingMode() == BillingMode.PROVISIONED
                ? metrics.consumedPeak(incident.resource(), incident.operation(), now)
                : OptionalDouble.empty();
        Plan plan = Planner.plan(incident, state, settings, peak);
        History history = planOnly ? History.EMPTY : ledger.history(incident.resource().table());
        Plan guarded = Guard.apply(plan, policy, settings, state, history, now);

        List<Action> done = new ArrayList<>();
        for (Action action : guarded.actions()) {
            if (action.type() == ActionType.NOTIFY) {
                continue;
            }
            done.add(execute(action, alarm, state, settings, now));
        }
        Action notify = guarded.actions().stream().filter(a -> a.type() == ActionType.NOTIFY).findFirst().orElseThrow();
        done.add(notify(notify, alarm, incident, done, guarded.findings()));
        boolean onlyPlanned = planOnly || policy.killSwitch() || policy.dryRunFor(settings);
        return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(),
                onlyPlanned ? Outcome.PLANNED : Outcome.ACTED, onlyPlanned ? planReason(settings) : null,
                incident, done, guarded.findings());
    }

    private static boolean needsPeak(Incident incident) {
        return incident.cause() == Cause.PROVISIONED || incident.cause() == Cause.UTILIZATION;
    }

    private String planReason(TableSettings settings) {
        if (planOnly) {
            return "plan only: no change made";
        }
        return policy.killSwitch() ? "kill switch is on" : "dry run";
    }

    private Action execute(Action action, AlarmNotification alarm, TableState state, TableSettings settings, Instant now) {
        if (action.status() != ActionStatus.PLANNED) {
            return action;
        }
        if (planOnly) {
            return action.with(ActionStatus.PLANNED, "plan only: " + action.reason());
        }
        if (policy.dryRunFor(settings)) {
            return action;
        }
        if (action.type() == ActionType.SCHEDULE_HOT_KEY_SUMMARY && followUps == null) {
            return action.with(ActionStatus.SKIPPED, "no follow-up queue is configured (FOLLOW_UP_QUEUE_URL)");
        }
        try {
            if (action.type().changesCapacity() && !ledger.reserveCapacityChange(action.resource(), action.dimension(),
                    action.type(), action.from(), action.to(), previousMaximum(action, state), settings.cooldown(), now)) {
                return action.with(ActionStatus.SKIPPED, "another response changed " + action.resource() + " "
                        + action.dimension() + " within the cooldown");
            }
            apply(action, alarm, state, settings);
            if (action.type() == ActionType.ENABLE_CONTRIBUTOR_INSIGHTS) {
                ledger.noteContributorInsightsEnabled(action.resource(), now);
            }
            return action.with(ActionStatus.APPLIED, action.reason());
        } catch (RuntimeException e) {
            LOG.warn("action {} on {} failed", action.type(), action.resource(), e);
            return action.with(ActionStatus.FAILED, action.reason() + "; failed: " + e.getMessage());
        }
    }

    /** The scalable target's MaxCapacity when the responder raises it along with the floor; recovery restores it. */
    private static Long previousMaximum(Action action, TableState state) {
        if (action.type() != ActionType.RAISE_AUTOSCALING_MIN) {
            return null;
        }
        ScalableTarget target = state.resource(action.resource()).orElseThrow().scalableTargets().get(action.dimension());
        return action.to() > target.maxCapacity() ? target.maxCapacity() : null;
    }

    private void apply(Action action, AlarmNotification alarm, TableState state, TableSettings settings) {
        ResourceState resource = state.resource(action.resource()).orElseThrow();
        switch (action.type()) {
            case UPDATE_PROVISIONED -> actuator.updateProvisioned(resource, action.dimension(), action.to());
            case RAISE_AUTOSCALING_MIN -> {
                ScalableTarget target = resource.scalableTargets().get(action.dimension());
                actuator.registerScalableTarget(action.resource(), action.dimension(), action.to(),
                        Math.max(action.to(), target.maxCapacity()));
            }
            case RAISE_ON_DEMAND_MAX -> actuator.updateOnDemandMaximum(resource, action.dimension(), action.to());
            case ENABLE_CONTRIBUTOR_INSIGHTS -> actuator.enableContributorInsights(action.resource(), settings.contributorInsightsMode());
            case SCHEDULE_HOT_KEY_SUMMARY -> followUps.schedule(
                    new FollowUp(FollowUp.Kind.HOT_KEY_SUMMARY, alarm.alarmName(), action.resource(), action.dimension(),
                            alarm.stateChangeTime(), settings.hotKeySummaryRepeats()),
                    settings.hotKeySummaryDelay());
            default -> throw new IllegalStateException(action.type() + " is not part of a response to an alarm");
        }
    }

    private Action notify(Action notify, AlarmNotification alarm, Incident incident, List<Action> done, List<String> findings) {
        if (planOnly) {
            return notify.with(ActionStatus.PLANNED, "plan only: " + notify.reason());
        }
        try {
            notifier.publish(IncidentReport.of(alarm, incident, done, findings));
            return notify.with(ActionStatus.APPLIED, notify.reason());
        } catch (RuntimeException e) {
            LOG.warn("incident message for {} failed", alarm.alarmName(), e);
            return notify.with(ActionStatus.FAILED, notify.reason() + "; failed: " + e.getMessage());
        }
    }

    private static Response ignored(AlarmNotification alarm, Incident incident, String reason) {
        return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.IGNORED, reason, incident,
                List.of(), List.of());
    }

    public static final class Builder {
        private Policy policy;
        private TableStateReader tables;
        private MetricsReader metrics;
        private Actuator actuator;
        private FollowUpScheduler followUps;
        private Ledger ledger;
        private Notifier notifier;
        private Clock clock = Clock.systemUTC();
        private boolean planOnly;

        private Builder() {}

        public Builder policy(Policy value) { this.policy = value; return this; }
        public Builder tables(TableStateReader value) { this.tables = value; return this; }
        public Builder metrics(MetricsReader value) { this.metrics = value; return this; }
        public Builder actuator(Actuator value) { this.actuator = value; return this; }
        /** Optional: without a scheduler, hot-key summaries are skipped with that reason. */
        public Builder followUps(FollowUpScheduler value) { this.followUps = value; return this; }
        public Builder ledger(Ledger value) { this.ledger = value; return this; }
        public Builder notifier(Notifier value) { this.notifier = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }

        /** Reads and plans, but writes nothing anywhere: not the tables, the ledger nor the topic. */
        public Builder planOnly(boolean value) { this.planOnly = value; return this; }

        public Responder build() {
            return new Responder(this);
        }
    }
}
