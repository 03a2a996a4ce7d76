package io.throttleresponder.respond;

import java.time.Instant;

/**
 * A delayed piece of work for one resource: a hot-key summary while the alarm lasts ({@code since}
 * is when it fired), or the recovery after it ends ({@code since} is when it returned to OK).
 * {@code remaining} bounds how often a summary repeats.
 */
public record FollowUp(Kind kind, String alarmName, ResourceId resource, Operation operation, Instant since, int remaining) {

    public enum Kind {
        HOT_KEY_SUMMARY,
        RECOVERY
    }
}
