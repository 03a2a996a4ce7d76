package io.throttleresponder.notify;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.MetricQuery;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.TableState;
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

    /**
     * The consumed share of the provisioned capacity the alarm reports, in percent: a utilization alarm's
     * own datapoint (metric math over consumed and provisioned), or a consumed-capacity alarm's rate.
     */
    public static OptionalDouble utilizationPercent(AlarmNotification alarm, Incident incident, TableState state) {
        if (incident.cause() != Cause.UTILIZATION || incident.operation() == null) {
            return OptionalDouble.empty();
        }
        if (incident.alarmedRate() != null) {
            long provisioned = state.resource(incident.resource()).map(r -> r.provisioned(incident.operation())).orElse(0L);
            return provisioned > 0 ? OptionalDouble.of(100 * incident.alarmedRate() / provisioned) : OptionalDouble.empty();
        }
        return incident.signal().endsWith("CapacityUtilization")
                ? alarm.largestDatapoint() : OptionalDouble.empty();
    }

    /** The alarm's largest throttle datapoint, per minute, when it watches throttling. */
    public static Double throttlesPerMinute(AlarmNotification alarm, Incident incident) {
        OptionalDouble perMinute = incident.cause().isThrottle() ? throttlesPerMinute(alarm) : OptionalDouble.empty();
        return perMinute.isPresent() ? perMinute.getAsDouble() : null;
    }
}
