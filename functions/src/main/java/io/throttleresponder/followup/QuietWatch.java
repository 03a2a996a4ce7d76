package io.throttleresponder.followup;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Contributor;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.act.AlarmStateReset;
import io.throttleresponder.evidence.AlarmStates;
import io.throttleresponder.record.AuditLog;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.model.Incident;
import io.throttleresponder.record.IncidentLedger;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recovery that does not depend on an OK alone. An alarm edited by hand, a Metrics Insights contributor
 * that stops reporting, or a metric alarm on AWS/DynamoDB that ignores its missing data ("Alarms that
 * evaluate metrics in the AWS/DynamoDB namespace always ignore missing data ... remain in their current
 * state") may never send the OK that starts the undo, and an alarm left in ALARM sends nothing at the next
 * incident. Once an incident's hot-key summaries end with no OK, this watch reads the incident's own throttle
 * metrics every quiet period: when none throttled for the whole quiet period, it notes the incident quiet
 * in the ledger, starts the recovery, and sets the incident's alarms still in ALARM back to OK, which
 * CloudWatch evaluates again at their next period (back to ALARM, with a new notification, if still
 * breaching); a Metrics Insights contributor, which SetAlarmState cannot set, is left to the
 * {@link ContributorWatch}. Each look that acts is recorded in the ledger, so {@code history} shows it.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm, TreatMissingData</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html">SetAlarmState</a>
 */
public final class QuietWatch {

    private final IncidentLedger incidents;
    private final AuditLog audit;
    private final MetricsReader metrics;
    private final AlarmStates alarms;
    private final AlarmStateReset reset;
    private final FollowUpScheduler followUps;
    private final Recovery recovery;
    private final ContributorWatch contributors;

    public QuietWatch(IncidentLedger incidents, AuditLog audit, MetricsReader metrics, AlarmStates alarms, AlarmStateReset reset,
                      FollowUpScheduler followUps, Recovery recovery, ContributorWatch contributors) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.reset = Objects.requireNonNull(reset, "reset");
        this.followUps = Objects.requireNonNull(followUps, "followUps");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.contributors = Objects.requireNonNull(contributors, "contributors");
    }

    /**
     * The incident's last hot-key summary went out: unless the OK already started the recovery, watch its
     * metrics from now on, first after one quiet period.
     */
    Optional<Action> start(FollowUp summary, TableSettings settings, Instant now) {
        IncidentRecord record = incidents.incident(summary.resource()).orElse(null);
        if (record == null || !record.hasSomethingToUndo() || okSinceLastAlarm(record)) {
            return Optional.empty();
        }
        Duration quiet = settings.recoveryQuietPeriod();
        FollowUp watch = FollowUp.quietWatch(summary.alarmName(), summary.resource(), summary.operation(), now)
                .following(summary.alarm());
        return Optional.of(Attempt.of(Action.planned(ActionType.SCHEDULE_RECOVERY, summary.resource(), null, null, null,
                        "no OK yet: the incident's metrics are read in " + quiet.toMinutes() + " min, and the undo starts"
                                + " once they have been quiet that long"),
                () -> followUps.schedule(watch, quiet)));
    }

    /** One look at the incident's metrics. */
    FollowUpResult look(FollowUp watch, TableSettings settings, Instant now) {
        IncidentRecord record = incidents.incident(watch.resource()).orElse(null);
        if (record == null || !record.hasSomethingToUndo()) {
            return FollowUpResult.ignored(watch, "the incident on " + watch.resource() + " is over: nothing of the"
                    + " responder's is left to undo");
        }
        if (okSinceLastAlarm(record)) {
            return FollowUpResult.ignored(watch, "the alarm's OK at " + record.okAt() + " started the recovery");
        }
        Duration quiet = settings.recoveryQuietPeriod();
        Instant quietSince = now.minus(quiet);
        Instant horizon = watch.since().plus(settings.recoveryHorizon());
        Map<String, Double> throttling = new LinkedHashMap<>();
        if (record.lastAlarmAt() != null && record.lastAlarmAt().isAfter(quietSince)) {
            throttling.put("an alarm at " + record.lastAlarmAt(), null);
        } else {
            for (String metric : throttleMetrics(record)) {
                OptionalDouble peak = metrics.peak(record.resource(), metric, quietSince, now);
                if (peak.isPresent() && peak.getAsDouble() > 0) {
                    throttling.put(metric, peak.getAsDouble());
                }
            }
        }
        if (!throttling.isEmpty()) {
            String still = "not quiet since " + quietSince + ": " + throttling.entrySet().stream()
                    .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + " peaked at " + e.getValue() + "/min")
                    .toList();
            Instant next = now.plus(quiet);
            if (!next.isBefore(horizon)) {
                return new FollowUpResult(watch, Outcome.IGNORED, still + "; the watch stops at its horizon ("
                        + settings.recoveryHorizon().toHours() + " h): undo by hand when demand allows", List.of(), List.of(),
                        List.of());
            }
            Action again = Attempt.of(Action.planned(ActionType.SCHEDULE_RECOVERY, watch.resource(), null, null, null,
                    "no OK yet and " + still + ": read again at " + next), () -> followUps.schedule(watch, quiet));
            return new FollowUpResult(watch, Outcome.PLANNED, still, List.of(), List.of(again), List.of());
        }
        // No throttling for the whole quiet period: the incident is over for the metrics, whatever its alarms say.
        incidents.noteOk(record.resource(), quietSince);
        FollowUpResult undone = recovery.recoverWhenQuiet(
                FollowUp.recovery(watch.alarmName(), record.resource(), watch.operation(), quietSince), settings, now);
        List<Action> actions = new ArrayList<>(undone.actions());
        actions.addAll(inStep(record, watch, settings, now));
        String reason = "no OK came, and " + String.join(", ", throttleMetrics(record)) + " had no throttle since "
                + quietSince + ": recovery started from the metrics"
                + (undone.reason() == null ? "" : "; " + undone.reason());
        List<String> findings = new ArrayList<>(undone.findings());
        FollowUpResult result = new FollowUpResult(watch, undone.outcome() == Outcome.IGNORED ? Outcome.ACTED : undone.outcome(),
                reason, List.of(), actions, findings);
        audit.record(new Response(null, watch.alarmName(), null, result.outcome(), reason,
                new Incident(record.resource(), watch.operation(), Cause.UNKNOWN, "quiet watch", false), actions, findings), now);
        return result;
    }

    /**
     * The incident's alarms CloudWatch still holds in ALARM, set back to OK; a Metrics Insights contributor, which
     * SetAlarmState cannot set, has its table watched instead, when the watch carries its ALARM.
     */
    private List<Action> inStep(IncidentRecord record, FollowUp watch, TableSettings settings, Instant now) {
        List<Action> set = new ArrayList<>();
        alarms.states(record.alarms()).forEach((name, state) -> {
            if (state == AlarmState.ALARM && Contributor.alarmOf(name).isPresent()) {
                set.add(contributors.start(watch.alarm(), name, record.resource(), settings, now).orElseGet(() ->
                        new Action(ActionType.SET_ALARM_STATE, record.resource(), null, null, null, ActionStatus.SKIPPED,
                                name + " is a Metrics Insights contributor: its alarm sets its state from its own series")));
            } else if (state == AlarmState.ALARM) {
                set.add(Attempt.of(Action.planned(ActionType.SET_ALARM_STATE, record.resource(), null, null, null,
                                name + " was still in ALARM after the throttling stopped: set to OK, which CloudWatch"
                                        + " confirms or changes at its next evaluation"),
                        () -> reset.setOk(name, "throttle-responder: no throttling on " + record.resource()
                                + " for the quiet period; the incident was undone. CloudWatch evaluates this alarm again"
                                + " at its next period.")));
            }
        });
        return set;
    }

    /**
     * The throttle metrics that tell the incident is over: the signals its alarms watch, and the aggregate
     * throttle events of each dimension the responder raised.
     */
    static Set<String> throttleMetrics(IncidentRecord record) {
        Set<String> names = new TreeSet<>();
        record.signals().stream().filter(signal -> signal.endsWith("ThrottleEvents")).forEach(names::add);
        for (CapacityChange change : record.changes()) {
            names.add(change.dimension().capitalized() + "ThrottleEvents");
        }
        if (names.isEmpty()) {
            names.add("ReadThrottleEvents");
            names.add("WriteThrottleEvents");
        }
        return names;
    }

    private static boolean okSinceLastAlarm(IncidentRecord record) {
        return record.okAt() != null && (record.lastAlarmAt() == null || !record.okAt().isBefore(record.lastAlarmAt()));
    }
}
