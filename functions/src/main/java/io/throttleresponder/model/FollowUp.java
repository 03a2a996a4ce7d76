package io.throttleresponder.model;

import io.throttleresponder.alarm.AlarmNotification;
import java.time.Instant;

/**
 * A delayed piece of work for one resource: a hot-key summary while the alarm lasts ({@code since}
 * is when it fired), the recovery after it ends ({@code since} is when it returned to OK), or a
 * capacity change retried because the table was busy ({@code alarm} is the notification to answer again).
 * {@code remaining} bounds how often a summary repeats or a retry is tried again; a recovery counts
 * its looks again at what it held (0 on its first look). A Metrics Insights contributor's ALARM rides
 * as {@code alarm} with its incident's summaries and watches too: if the contributor stays in ALARM after
 * the undo, {@link Kind#CONTRIBUTOR_WATCH} answers its table's next throttle with it.
 */
public record FollowUp(Kind kind, String alarmName, ResourceId resource, Operation operation, Instant since, int remaining,
                       AlarmNotification alarm) {

    public enum Kind {
        HOT_KEY_SUMMARY,
        RECOVERY,
        RETRY,
        /** The incident's metrics, read while no OK has come: recovery starts once they are quiet. */
        QUIET_WATCH,
        /**
         * A contributor still in ALARM after its incident was undone: its table's throttle metrics, read until it
         * leaves ALARM; a new throttle is answered as its ALARM, which CloudWatch will not send again.
         */
        CONTRIBUTOR_WATCH
    }

    public static FollowUp hotKeySummary(String alarmName, ResourceId resource, Operation operation, Instant since,
                                         int remaining) {
        return new FollowUp(Kind.HOT_KEY_SUMMARY, alarmName, resource, operation, since, remaining, null);
    }

    public static FollowUp recovery(String alarmName, ResourceId resource, Operation operation, Instant okAt) {
        return new FollowUp(Kind.RECOVERY, alarmName, resource, operation, okAt, 0, null);
    }

    /** Watches the metrics of the incident that {@code alarmName} raised, from {@code since} on. */
    public static FollowUp quietWatch(String alarmName, ResourceId resource, Operation operation, Instant since) {
        return new FollowUp(Kind.QUIET_WATCH, alarmName, resource, operation, since, 0, null);
    }

    /** Watches the table of the contributor {@code alarm} names, from {@code since} on, while it stays in ALARM. */
    public static FollowUp contributorWatch(AlarmNotification alarm, ResourceId resource, Instant since) {
        return new FollowUp(Kind.CONTRIBUTOR_WATCH, alarm.alarmName(), resource, null, since, 0, alarm);
    }

    public static FollowUp retry(AlarmNotification notification, ResourceId resource, Operation operation, int remaining) {
        return new FollowUp(Kind.RETRY, notification.alarmName(), resource, operation, notification.stateChangeTime(),
                remaining, notification);
    }

    /** Names this delivery of the follow-up (what it is and when it was due), so a redelivery is recognised. */
    public String deliveryKey(Instant due) {
        return "FOLLOWUP#" + kind + "|" + alarmName + "|" + resource + "|" + operation + "|" + since.toEpochMilli() + "|"
                + due.toEpochMilli() + "|" + remaining;
    }

    /** The same recovery, looking again at what it held back. */
    public FollowUp lookingAgain() {
        return withRemaining(remaining + 1);
    }

    public boolean isLookAgain() {
        return kind == Kind.RECOVERY && remaining > 0;
    }

    public FollowUp withRemaining(int value) {
        return new FollowUp(kind, alarmName, resource, operation, since, value, alarm);
    }

    /** The same follow-up, carrying the state change it follows; null carries none. */
    public FollowUp following(AlarmNotification value) {
        return new FollowUp(kind, alarmName, resource, operation, since, remaining, value);
    }
}
