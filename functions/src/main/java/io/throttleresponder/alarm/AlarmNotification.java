package io.throttleresponder.alarm;

import java.time.Instant;
import java.util.List;

/** One alarm state change, whichever way it was delivered. */
public record AlarmNotification(
        Delivery delivery,
        String alarmName,
        String alarmArn,
        String accountId,
        String region,
        AlarmState state,
        AlarmState previousState,
        Instant stateChangeTime,
        String reason,
        Double threshold,
        List<MetricQuery> metrics) {

    public AlarmNotification {
        metrics = List.copyOf(metrics);
    }

    /**
     * Identifies the state change, not the delivery: SNS redelivery and the same change arriving
     * through EventBridge as well share it, so the ledger acts on it once.
     */
    public String stateChangeKey() {
        return alarmName + "|" + state + "|" + stateChangeTime.toEpochMilli();
    }

    /** The metrics the alarm reads (never the expressions). */
    public List<MetricQuery> metricStats() {
        return metrics.stream().filter(m -> !m.isExpression()).toList();
    }
}
