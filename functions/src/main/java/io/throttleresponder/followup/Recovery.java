package io.throttleresponder.followup;

import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.CapacityChanges;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.act.RecoveryScheduler;
import io.throttleresponder.act.RestoreExecutor;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.evidence.AlarmStates;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.guard.Guard;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.guard.PauseSwitch;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.TableState;
import io.throttleresponder.notify.Notification;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.notify.ResolvedReport;
import io.throttleresponder.plan.Demand;
import io.throttleresponder.plan.Plan;
import io.throttleresponder.plan.RecoveryPlan;
import io.throttleresponder.plan.RecoveryPlanner;
import io.throttleresponder.plan.RecoveryProgress;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.AuditLog;
import io.throttleresponder.record.IncidentLedger;
import io.throttleresponder.record.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The recovery, from the alarm's OK to the last restore: it schedules itself when an alarm ends, then
 * undoes what the responder changed, as far as today's demand, DynamoDB's rules and other people's
 * changes allow, looking again at what it holds until its horizon. The decisions are the pure
 * {@link RecoveryPlanner} and {@link Guard}; this class sequences them with the edges.
 */
public final class Recovery implements RecoveryScheduler {

    /** Today's demand is read over at most this last stretch since the OK. */
    static final Duration DEMAND_WINDOW = Duration.ofHours(1);
    private static final Duration DEMAND_MINIMUM = Duration.ofMinutes(1);
    /** How soon a paused undo looks again: an operator's pause usually lasts minutes to hours. */
    static final Duration PAUSED_RECHECK = Duration.ofMinutes(15);
    /** The name a forced undo goes by in its result and in the history: a person's decision. */
    private static final String FORCED_UNDO = "undo --force by an operator (a person's decision)";

    private final Policy policy;
    private final TableStateReader tables;
    private final MetricsReader metrics;
    private final AlarmStates alarms;
    private final IncidentLedger incidentState;
    private final AuditLog audit;
    private final CapacityChanges capacity;
    private final Notification notification;
    private final FollowUpScheduler followUps;
    private final PauseSwitch pauses;
    private final ScalingPolicyRecovery policies;
    private final RestoreExecutor restores;

    /**
     * @param followUps null without a follow-up queue: recoveries are then skipped, with that reason, and an
     *     undo by hand looks at the resource once
     */
    public Recovery(Policy policy, TableStateReader tables, MetricsReader metrics, AlarmStates alarms, Actuator actuator,
                    Ledger ledger, Notifier notifier, FollowUpScheduler followUps, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(actuator, "actuator");
        this.incidentState = Objects.requireNonNull(ledger, "ledger");
        this.audit = ledger;
        this.capacity = new CapacityChanges(ledger, ledger, actuator);
        this.restores = new RestoreExecutor(capacity, actuator);
        this.notification = new Notification(notifier);
        this.followUps = followUps;
        this.pauses = new PauseSwitch(ledger, clock);
        this.policies = new ScalingPolicyRecovery(actuator, ledger);
    }

    /**
     * The alarm is back to OK: for its own resource, and any GSI it led the responder to change (an
     * aggregate alarm refined to an index), undo the responder's changes after the quiet period, unless
     * an alarm fires again meanwhile (the recovery checks).
     */
    @Override
    public List<Action> afterOk(AlarmNotification alarm, ResourceId resource, Operation operation, TableSettings settings) {
        List<IncidentRecord> records = incidentState.incidents(resource.table()).stream()
                .filter(r -> r.resource().equals(resource) || r.alarms().contains(alarm.alarmName()))
                .filter(IncidentRecord::hasSomethingToUndo)
                .toList();
        List<Action> schedules = new ArrayList<>();
        for (IncidentRecord record : records) {
            incidentState.noteOk(record.resource(), alarm.stateChangeTime());
            schedules.add(schedule(alarm, record.resource(), operation, settings));
        }
        return schedules;
    }

    private Action schedule(AlarmNotification alarm, ResourceId resource, Operation operation, TableSettings settings) {
        Action schedule = Action.planned(ActionType.SCHEDULE_RECOVERY, resource, null, null, null,
                "undo the responder's changes after " + settings.recoveryQuietPeriod().toMinutes()
                        + " min without a new alarm");
        if (followUps == null) {
            return schedule.with(ActionStatus.SKIPPED, "no follow-up queue is configured (FOLLOW_UP_QUEUE_URL)");
        }
        return Attempt.of(schedule, () -> followUps.schedule(FollowUp.recovery(alarm.alarmName(), resource, operation,
                alarm.stateChangeTime()), settings.recoveryQuietPeriod()));
    }

    /**
     * Undoes what the responder changed on the follow-up's resource, as far as demand, AWS and others
     * allow. A restore is a read-modify-write of the table (UpdateTable sets both dimensions), so it
     * holds the table's lock, as a raise does; while another response holds it, recovery looks again soon.
     */
    FollowUpResult recover(FollowUp followUp, TableSettings settings, Instant now) {
        return recover(followUp, settings, now, false, false, false);
    }

    /**
     * The undo the {@link QuietWatch} starts: the incident's metrics have been quiet for the quiet period, so
     * an alarm still in ALARM (one that never sent its OK) does not hold it back, as it holds back an undo
     * after an OK.
     */
    FollowUpResult recoverWhenQuiet(FollowUp followUp, TableSettings settings, Instant now) {
        return recover(followUp, settings, now, false, false, true);
    }

    /**
     * An operator's undo of the resource, now: the same rails as a scheduled recovery (demand, the decrease
     * rule, others' changes, alarms still in ALARM, the table's lock), looked at once. A person's command, it
     * runs while the responder is paused too.
     */
    public FollowUpResult undoNow(ResourceId resource, TableSettings settings, Instant now) {
        return undoNow(resource, settings, now, false);
    }

    /**
     * @param force the operator's word: restore although an alarm of the resource is in ALARM, or its state is
     *     unknown; recorded as a person's decision, and still within today's demand and DynamoDB's rules
     */
    public FollowUpResult undoNow(ResourceId resource, TableSettings settings, Instant now, boolean force) {
        String who = force ? FORCED_UNDO : "undo by an operator";
        return recover(FollowUp.recovery(who, resource, null, now), settings, now, true, force, false);
    }

    /** Every look that restored, disabled or told something is an event in the table's history. */
    private FollowUpResult recover(FollowUp followUp, TableSettings settings, Instant now, boolean byHand, boolean force,
                                   boolean quiet) {
        FollowUpResult result = lockAndRecover(followUp, settings, now, byHand, force, quiet);
        if (result.actions().stream().anyMatch(a -> a.type() != ActionType.SCHEDULE_RECOVERY)) {
            audit.record(new Response(null, byHand ? followUp.alarmName() : "recovery after " + followUp.alarmName(),
                    null, result.outcome(), result.reason(), null, result.actions(), result.findings()), now);
        }
        return result;
    }

    private FollowUpResult lockAndRecover(FollowUp followUp, TableSettings settings, Instant now, boolean byHand,
                                          boolean force, boolean quiet) {
        String table = followUp.resource().table();
        Optional<String> owner = capacity.lock(table, now);
        if (owner.isEmpty() && (byHand || followUps == null)) {
            return new FollowUpResult(followUp, Outcome.PLANNED, "held: table " + table + " is locked by another response;"
                    + " try again in a minute", List.of(), List.of(), List.of());
        }
        if (owner.isEmpty()) {
            Instant next = now.plus(RecoveryPlanner.BUSY_RECHECK);
            Action lookAgain = Attempt.of(Action.planned(ActionType.SCHEDULE_RECOVERY, followUp.resource(), null, null, null,
                            "another response is changing table " + table + ": look again at " + next),
                    () -> followUps.schedule(followUp.lookingAgain(), RecoveryPlanner.BUSY_RECHECK));
            return new FollowUpResult(followUp, Outcome.PLANNED, "held: table " + table + " is locked by another response",
                    List.of(), List.of(lookAgain), List.of());
        }
        try {
            return recoverUnderLock(followUp, settings, now, byHand, force, quiet);
        } finally {
            capacity.unlock(table, owner.get());
        }
    }

    private FollowUpResult recoverUnderLock(FollowUp followUp, TableSettings settings, Instant now, boolean byHand,
                                            boolean forced, boolean quiet) {
        IncidentRecord record = incidentState.incident(followUp.resource()).orElse(null);
        if (record == null || !record.hasSomethingToUndo()) {
            return FollowUpResult.ignored(followUp, "nothing of the responder's is left to undo on " + followUp.resource());
        }
        // Paused, nothing is read or changed: the undo only waits (a person's undo runs anyway).
        Optional<Pause> pause = byHand ? Optional.empty() : pauses.current();
        if (pause.isPresent()) {
            return paused(followUp, record, pause.get(), settings, now);
        }
        if (record.lastAlarmAt() != null && record.lastAlarmAt().isAfter(followUp.since())) {
            return FollowUpResult.ignored(followUp, "recovery cancelled: an alarm fired again at " + record.lastAlarmAt()
                    + ", after the OK at " + followUp.since());
        }
        Map<String, AlarmState> states = alarms.states(record.alarms());
        // After a quiet watch, an alarm still in ALARM is one that never sent its OK: the metrics decide.
        List<String> firing = quiet ? List.of() : states.entrySet().stream()
                .filter(e -> e.getValue() == AlarmState.ALARM)
                .map(Map.Entry::getKey).sorted().toList();
        List<String> overridden = new ArrayList<>();
        if (!firing.isEmpty() && forced) {
            overridden.add("restored by an operator's undo --force while " + String.join(", ", firing) + " is in ALARM");
        } else if (!firing.isEmpty()) {
            return FollowUpResult.ignored(followUp, "recovery cancelled: still in ALARM: " + String.join(", ", firing)
                    + (byHand ? "; undo --force restores anyway, as a person's decision" : ""));
        }
        // Fail closed: an alarm DescribeAlarms does not return may be firing; holding is safe, restoring is not.
        List<String> unknown = record.alarms().stream().filter(a -> !states.containsKey(a)).sorted().toList();
        if (!unknown.isEmpty() && forced) {
            overridden.add("restored by an operator's undo --force while the state of " + String.join(", ", unknown)
                    + " is unknown");
        } else if (!unknown.isEmpty()) {
            return held(followUp, record, "the state of " + String.join(", ", unknown) + " is unknown (DescribeAlarms does"
                    + " not return it: renamed, deleted, or in another Region or account)"
                    + (byHand ? "; undo --force restores anyway, as a person's decision" : ""), settings, now, byHand);
        }
        TableState state;
        try {
            state = tables.read(followUp.resource());
        } catch (TableNotFoundException e) {
            incidentState.forget(followUp.resource(), record.changes(), true);
            Mode mode = Guard.mode(policy, settings, false, true, false);
            return new FollowUpResult(followUp, Outcome.IGNORED, e.getMessage() + ": nothing to restore", List.of(),
                    List.of(notification.send(record.resource(), "table deleted message", mode,
                            () -> TableGoneReport.of(record.resource(), followUp.alarmName(), "the recovery"))),
                    List.of());
        }
        // By hand, today's demand is read since the OK, or over the last hour when none was recorded.
        Instant demandSince = !byHand ? followUp.since() : record.okAt() != null ? record.okAt() : now.minus(DEMAND_WINDOW);
        RecoveryPlan recovery = RecoveryPlanner.plan(record, state, demand(record, demandSince, now), settings, now);
        Mode mode = Guard.mode(policy, settings, false, true, false);
        Plan plan = Guard.apply(recovery.plan(), mode, settings, History.EMPTY, now);
        Deferred deferred = new Deferred(now);
        List<Action> done = restores.execute(plan.actions(), record, state, mode, deferred);
        List<String> findings = new ArrayList<>(overridden);
        findings.addAll(plan.findings());
        boolean planned = !mode.acts();
        boolean finished = true;
        // Before the capacity changes are forgotten below: the incident closes only once its tuned policies are settled too.
        done.addAll(policies.recover(record, state, mode, settings, now));
        if (!planned) {
            List<CapacityChange> undone = RecoveryProgress.settled(record, recovery, done);
            incidentState.forget(followUp.resource(), undone, RecoveryProgress.settled(done, ActionType.DISABLE_CONTRIBUTOR_INSIGHTS));
            RecoveryProgress.steppedDown(record, done).forEach((change, value) -> incidentState.noteRestored(change, value));
            Instant lookAgainAt = RecoveryProgress.lookAgainAt(recovery, done, deferred.retryAt, followUp.remaining(), now);
            if (lookAgainAt != null && (byHand || followUps == null)) {
                findings.add("Held until " + lookAgainAt + "; nothing looks again at it: run the undo again then.");
            } else if (lookAgainAt != null) {
                Instant horizon = followUp.since().plus(settings.recoveryHorizon());
                if (lookAgainAt.isBefore(horizon)) {
                    finished = false;
                    done.add(Attempt.of(Action.planned(ActionType.SCHEDULE_RECOVERY, record.resource(), null, null, null,
                                    "look again at " + lookAgainAt + " at what is held"),
                            () -> followUps.schedule(followUp.lookingAgain(), Duration.between(now, lookAgainAt))));
                } else {
                    findings.add("Recovery stops looking: " + settings.recoveryHorizon().toHours() + " h have passed since the"
                            + " OK at " + followUp.since() + ". What is held above stays as it is; lower it by hand when"
                            + " demand allows: " + ResolvedReport.undoCommand(record.resource()));
                }
            }
        }
        // Every look that changed something, the first and the last are told; a quiet or failing look again is not.
        boolean changedSomething = done.stream().anyMatch(a -> a.type() != ActionType.SCHEDULE_RECOVERY
                && a.status() == ActionStatus.APPLIED);
        if (changedSomething || finished || !followUp.isLookAgain()) {
            List<Action> outcomes = List.copyOf(done);
            done.add(notification.send(record.resource(), "incident resolved message", mode,
                    () -> ResolvedReport.of(record, followUp.since(), peakThrottling(record, now), outcomes, findings)));
        }
        return new FollowUpResult(followUp, planned ? Outcome.PLANNED : Outcome.ACTED,
                mode.reason(), List.of(), done, findings);
    }

    /**
     * Paused, the undo changes nothing either, and is never dropped: it looks again every quarter hour for as
     * long as the pause lasts, past its horizon too, and runs once the responder is resumed. The first look
     * past the horizon tells the team, once, what waits and the command that undoes it by hand.
     */
    private FollowUpResult paused(FollowUp followUp, IncidentRecord record, Pause pause, TableSettings settings,
                                  Instant now) {
        Instant next = now.plus(PAUSED_RECHECK);
        if (followUps == null) {
            return new FollowUpResult(followUp, Outcome.PLANNED, "the undo waits: " + pause.describe()
                    + "; nothing looks again at it (no follow-up queue): resume, then " + ResolvedReport.undoCommand(record.resource()),
                    List.of(), List.of(), List.of());
        }
        List<Action> done = new ArrayList<>();
        done.add(Attempt.of(Action.planned(ActionType.SCHEDULE_RECOVERY, followUp.resource(), null, null, null,
                        "the responder is paused: look again at " + next),
                () -> followUps.schedule(followUp.lookingAgain(), PAUSED_RECHECK)));
        Instant horizon = followUp.since().plus(settings.recoveryHorizon());
        List<String> findings = new ArrayList<>();
        if (!now.isBefore(horizon) && now.minus(PAUSED_RECHECK).isBefore(horizon)) {
            findings.add("The undo of " + record.resource() + " has waited " + settings.recoveryHorizon().toHours()
                    + " h since the OK at " + followUp.since() + ", held by the pause (" + pause.describe() + "). It runs"
                    + " after `resume`; to undo now by hand: " + ResolvedReport.undoCommand(record.resource()));
            List<Action> outcomes = List.copyOf(done);
            done.add(notification.send(record.resource(), "undo waiting for the pause message", Mode.ACT,
                    () -> ResolvedReport.of(record, followUp.since(), peakThrottling(record, now), outcomes, findings)));
        }
        return new FollowUpResult(followUp, Outcome.PLANNED, "the undo waits: " + pause.describe(), List.of(), done,
                findings);
    }

    /**
     * Holds the undo for a reason that may pass: by hand, refused with it; scheduled, looked at again later,
     * until the horizon, where it ends with one message that says what is left and why.
     */
    private FollowUpResult held(FollowUp followUp, IncidentRecord record, String why, TableSettings settings, Instant now,
                                boolean byHand) {
        if (byHand || followUps == null) {
            return new FollowUpResult(followUp, Outcome.PLANNED, "held: " + why, List.of(), List.of(), List.of());
        }
        Instant next = now.plus(RecoveryPlanner.DEMAND_RECHECK);
        if (next.isBefore(followUp.since().plus(settings.recoveryHorizon()))) {
            Action lookAgain = Attempt.of(Action.planned(ActionType.SCHEDULE_RECOVERY, followUp.resource(), null, null, null,
                            "held: look again at " + next),
                    () -> followUps.schedule(followUp.lookingAgain(), RecoveryPlanner.DEMAND_RECHECK));
            return new FollowUpResult(followUp, Outcome.PLANNED, "held: " + why, List.of(), List.of(lookAgain), List.of());
        }
        List<String> findings = List.of("Recovery stops looking: " + settings.recoveryHorizon().toHours() + " h have passed"
                + " since the OK at " + followUp.since() + ", and " + why + ". The responder's changes stay as they are;"
                + " to undo them by hand: " + ResolvedReport.undoCommand(record.resource()));
        Action told = notification.send(record.resource(), "incident resolved message", Mode.ACT,
                () -> ResolvedReport.of(record, followUp.since(), peakThrottling(record, now), List.of(), findings));
        return new FollowUpResult(followUp, Outcome.PLANNED, "held: " + why, List.of(), List.of(told), findings);
    }

    /** Today's demand: the consumed peak of each dimension the responder raised, since the alarm went OK. */
    private Demand demand(IncidentRecord record, Instant okAt, Instant now) {
        Map<Operation, OptionalDouble> peaks = new EnumMap<>(Operation.class);
        for (CapacityChange change : record.changes()) {
            if (change.type() != ActionType.RAISE_AUTOSCALING_MIN && !peaks.containsKey(change.dimension())) {
                Instant from = okAt.isBefore(now.minus(DEMAND_WINDOW)) ? now.minus(DEMAND_WINDOW)
                        // CloudWatch wants a window: an OK this very instant is read over its last minute.
                        : okAt.isBefore(now) ? okAt : now.minus(DEMAND_MINIMUM);
                peaks.put(change.dimension(), metrics.consumedPeak(record.resource(), change.dimension(), from, now));
            }
        }
        return Demand.of(peaks);
    }

    /** The restores a busy table held back: recovery looks again at them as soon as DynamoDB may take them. */
    private static final class Deferred implements CapacityChanges.Deferral {
        private final Instant now;
        private Instant retryAt;

        Deferred(Instant now) {
            this.now = now;
        }

        @Override
        public Action defer(Action change, String why) {
            retryAt = now.plus(RecoveryPlanner.BUSY_RECHECK);
            return change.with(ActionStatus.SKIPPED, "deferred: " + why + "; looked at again at " + retryAt);
        }
    }

    /** The metrics' peak over the incident, else the largest datapoint its alarms reported. */
    private OptionalDouble peakThrottling(IncidentRecord record, Instant now) {
        Instant from = record.startedAt() == null ? now.minus(Duration.ofHours(1)) : record.startedAt();
        Instant to = record.okAt() == null ? now : record.okAt();
        OptionalDouble measured = record.signals().stream()
                .filter(signal -> signal.endsWith("ThrottleEvents"))
                .map(signal -> metrics.peak(record.resource(), signal, from.minus(FollowUpResponder.WINDOW_LEAD), to))
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .max();
        return measured.isPresent() || record.alarmedPeak() == null ? measured : OptionalDouble.of(record.alarmedPeak());
    }
}
