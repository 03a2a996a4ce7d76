package io.throttleresponder.notify;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.MetricQuery;
import io.throttleresponder.model.Incident;
import io.throttleresponder.policy.TableSettings;
import java.util.OptionalDouble;

/**
 * How urgent an incident is, in the on-call guides' tiers: P1 more than 500 throttle events a minute
 * (immediate response), P2 more than 100 (15 minutes), P3 utilization above 80 % (30 minutes),
 * otherwise INFO. The thresholds are the policy's ({@code severityP1ThrottlesPerMinute},
 * {@code severityP2ThrottlesPerMinute}, {@code severityP3UtilizationPercent}). Pure.
 */
public enum Severity {
    P1, P2, P3, INFO;

    private static final int MINUTE = 60;

    /**
     * @param utilizationPercent the consumed share of the provisioned capacity the alarm implies, when known
     */
    public static Severity of(AlarmNotification alarm, Incident incident, OptionalDouble utilizationPercent,
                              TableSettings settings) {
        if (incident.cause().isThrottle()) {
            OptionalDouble perMinute = throttlesPerMinute(alarm);
            if (perMinute.isPresent() && perMinute.getAsDouble() > settings.severityP1ThrottlesPerMinute()) {
                return P1;
            }
            if (perMinute.isPresent() && perMinute.getAsDouble() > settings.severityP2ThrottlesPerMinute()) {
                return P2;
            }
        }
        if (utilizationPercent.isPresent() && utilizationPercent.getAsDouble() > settings.severityP3UtilizationPercent()) {
            return P3;
        }
        return INFO;
    }

    /** The alarm's largest datapoint of a throttle metric, per minute of its period (a Sum over 60 s by default). */
    public static OptionalDouble throttlesPerMinute(AlarmNotification alarm) {
        Integer period = alarm.metrics().stream().map(MetricQuery::period).filter(p -> p != null && p > 0).findFirst()
                .orElse(MINUTE);
        OptionalDouble largest = alarm.largestDatapoint();
        return largest.isPresent() ? OptionalDouble.of(largest.getAsDouble() * MINUTE / period) : OptionalDouble.empty();
    }
}
