package io.throttleresponder.diagnose;

import io.throttleresponder.alarm.AlarmNotification;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an ALARM breached below its threshold: an alarm on too little (LessThanThreshold,
 * LessThanOrEqualToThreshold) is not a throttle, whatever metric it watches, and never asks for
 * capacity. The comparison comes from the alarm's ComparisonOperator where the delivery carries it
 * (SNS), else from the state reason CloudWatch writes ("... was less than the threshold (1.0)"), as
 * for EventBridge, the alarm action and a Metrics Insights contributor. A two-sided anomaly band is
 * {@link BandBreach}'s. Pure.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm:
 *     ComparisonOperator</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html">Alarm
 *     events and EventBridge: the contributor state change example, "1 datapoint was less than the threshold (1.0)"</a>
 */
public final class BelowThreshold {

    private static final Set<String> BELOW = Set.of("LessThanThreshold", "LessThanOrEqualToThreshold");
    private static final Pattern BELOW_REASON = Pattern.compile("\\bless than (or equal to )?the threshold\\b");

    private BelowThreshold() {}

    /** Why this ALARM is a breach below its threshold; empty when it is above, or the event does not say. */
    static Optional<String> breach(AlarmNotification alarm) {
        String operator = alarm.comparisonOperator();
        if (operator != null) {
            return BELOW.contains(operator)
                    ? Optional.of("breached below its threshold (" + operator + "): less demand, not a throttle; nothing"
                            + " to raise")
                    : Optional.empty();
        }
        String reason = alarm.reason();
        if (reason != null && BELOW_REASON.matcher(reason).find()) {
            return Optional.of("breached below its threshold (its reason: \"" + reason.strip() + "\"): less demand,"
                    + " not a throttle; nothing to raise");
        }
        return Optional.empty();
    }
}
