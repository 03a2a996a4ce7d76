package io.throttleresponder.followup;

import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.MetricsInsightsQuery;
import io.throttleresponder.evidence.AlarmStates;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.notify.ChatNotification;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.notify.Notification;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.respond.Responder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A Metrics Insights contributor still in ALARM after its incident was undone. SetAlarmState sets whole
 * alarms, and a contributor changes state only from its own time series, which does not exist while its
 * table does not throttle ("a time series only exists when data is present"): it may stay in ALARM, and
 * CloudWatch sends a contributor's notification only when its state changes, so its table's next incident
 * would send nothing. While it stays in ALARM, this watch reads the table's throttle metric every few
 * minutes, up to the recovery horizon; a throttle seen meanwhile is answered as the contributor's ALARM
 * again, through the whole response (its own raise, summaries, quiet watch and undo).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Acting_Alarm_Changes.html">Acting on
 *     alarm changes: each contributor only ALARM or OK; a time series only exists when data is present</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html">SetAlarmState</a>
 */
public final class ContributorWatch {

    /**
     * How often the table is read: a missed incident waits at most this long plus DynamoDB's publishing delay,
     * for 12 GetMetricData calls an hour per contributor left in ALARM (within SQS's 15-minute message delay).
     */
    static final Duration LOOK_EVERY = Duration.ofMinutes(5);

    private final MetricsReader metrics;
    private final AlarmStates alarms;
    private final FollowUpScheduler followUps;
    private final Responder responder;
    private final Notification notification;

    public ContributorWatch(MetricsReader metrics, AlarmStates alarms, FollowUpScheduler followUps, Responder responder,
                            Notifier notifier) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.followUps = Objects.requireNonNull(followUps, "followUps");
        this.responder = Objects.requireNonNull(responder, "responder");
        this.notification = new Notification(notifier);
    }

    /**
     * The incident on {@code resource} is undone and its contributor {@code source} is still in ALARM: watch its
     * table, when the follow-up carried that contributor's ALARM ({@code carried}) and its query names a metric;
     * empty otherwise.
     */
    Optional<Action> start(AlarmNotification carried, String source, ResourceId resource, TableSettings settings, Instant now) {
        if (carried == null || !carried.source().equals(source) || metricOf(carried) == null) {
            return Optional.empty();
        }
        FollowUp watch = FollowUp.contributorWatch(carried, resource, now);
        return Optional.of(Attempt.of(Action.planned(ActionType.WATCH_CONTRIBUTOR, resource, null, null, null,
                        source + " is a Metrics Insights contributor still in ALARM, which SetAlarmState cannot set"
                                + " and which sends nothing at the next incident: " + metricOf(carried) + " on " + resource
                                + " is read every " + LOOK_EVERY.toMinutes() + " min while it stays in ALARM (at most "
                                + settings.recoveryHorizon().toHours() + " h), and a throttle is answered as its ALARM"),
                () -> followUps.schedule(watch, LOOK_EVERY)));
    }

    /** One look: the contributor's state, then its table's throttle metric since the last look. */
    FollowUpResult look(FollowUp watch, TableSettings settings, Instant now) {
        AlarmNotification alarm = watch.alarm();
        String source = alarm.source();
        AlarmState state = alarms.states(List.of(source)).get(source);
        if (state != AlarmState.ALARM) {
            return FollowUpResult.ignored(watch, source + " is " + (state == null ? "unknown to CloudWatch" : state)
                    + " now: the next incident on " + watch.resource() + " sends its own notification");
        }
        // One minute more than the interval: a datapoint DynamoDB published late is not missed between two looks.
        Instant from = now.minus(LOOK_EVERY).minus(Duration.ofMinutes(1));
        String metric = metricOf(alarm);
        OptionalDouble peak = metrics.peak(watch.resource(), metric, from, now);
        if (peak.isPresent() && peak.getAsDouble() > 0) {
            String reason = "throttle-responder: " + metric + " on " + watch.resource() + " peaked at " + peak.getAsDouble()
                    + "/min since " + from + " while " + source + " stayed in ALARM (since before "
                    + watch.since() + "): CloudWatch sends no new notification for it, so this is its ALARM again";
            Response response = responder.respond(alarm.againAt(now, reason, peak.getAsDouble()));
            return new FollowUpResult(watch, response.outcome(), metric + " throttled again while " + source
                    + " stayed in ALARM: answered as its ALARM" + (response.reason() == null ? "" : "; " + response.reason()),
                    List.of(), response.actions(), response.findings());
        }
        Instant next = now.plus(LOOK_EVERY);
        Instant horizon = watch.since().plus(settings.recoveryHorizon());
        String stillQuiet = source + " is still in ALARM and " + metric + " on " + watch.resource() + " had no throttle since "
                + from;
        if (!next.isBefore(horizon)) {
            // The team hears it once: from here on, nothing answers the table's next incident until the contributor moves.
            return new FollowUpResult(watch, Outcome.IGNORED, stillQuiet + "; the watch stops at its horizon ("
                    + settings.recoveryHorizon().toHours() + " h): until the contributor leaves ALARM, its table's next"
                    + " incident sends nothing", List.of(), List.of(notification.send(watch.resource(),
                            "contributor watch ended message", Mode.ACT, () -> endedMessage(watch, settings))), List.of());
        }
        Action again = Attempt.of(Action.planned(ActionType.WATCH_CONTRIBUTOR, watch.resource(), null, null, null,
                stillQuiet + ": read again at " + next), () -> followUps.schedule(watch, LOOK_EVERY));
        return new FollowUpResult(watch, Outcome.PLANNED, stillQuiet, List.of(), List.of(again), List.of());
    }

    /** Tells the team that the table's next incident will go unheard, and what makes it heard again. */
    static IncidentMessage endedMessage(FollowUp watch, TableSettings settings) {
        ResourceId resource = watch.resource();
        String source = watch.alarm().source();
        String title = "DynamoDB alarm contributor stuck in ALARM: " + resource;
        String text = title + "\n\n"
                + source + " has stayed in ALARM since before " + watch.since() + ", though " + resource + " has had no "
                + metricOf(watch.alarm()) + " for " + settings.recoveryHorizon().toHours() + " h.\n"
                + "CloudWatch notifies a contributor only when its state changes, and SetAlarmState cannot set one: the next"
                + " throttle on " + resource + " will send no notification, and the responder stops watching for it now.\n"
                + "To have it answered: name the table in the policy (its own alarms return to OK after a silent end).\n";
        String chat = ChatNotification.of(":warning: " + title, source + " stays in ALARM: the next throttle on "
                        + resource + " will not be answered.")
                .nextSteps(List.of("Name " + resource.table() + " in the policy: its own alarms return to OK after a silent end."))
                .keywords(List.of(resource.table(), "ALARM"))
                .threadId(resource.toString())
                .summary(title)
                .eventType("ThrottleResponderContributorStuck")
                .relatedResources(List.of(resource.toString()))
                .toJson();
        return new IncidentMessage("[throttle-responder] Unwatched: " + IncidentMessage.truncate(resource.toString(), 60),
                text, chat);
    }

    /** The metric the contributor's alarm queries, which its next incident would breach again; null when unreadable. */
    static String metricOf(AlarmNotification alarm) {
        String query = alarm.metricsInsightsQuery();
        return query == null ? null : MetricsInsightsQuery.parse(query).map(MetricsInsightsQuery::metricName)
                .map(name -> name.replace("\"", "")).orElse(null);
    }
}
