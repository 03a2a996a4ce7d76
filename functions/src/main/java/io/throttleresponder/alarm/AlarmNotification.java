package io.throttleresponder.alarm;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One alarm state change, whichever way it was delivered.
 *
 * @param comparisonOperator as the alarm states it (SNS only; null otherwise): for an anomaly-detection
 *     alarm, which side of the band breaches
 * @param datapoints the recent datapoints the evaluation saw, as CloudWatch reports them (EventBridge and
 *     alarm action: {@code reasonData.recentDatapoints}; SNS: the brackets of {@code NewStateReason}); may be empty
 * @param alarmRule a composite alarm's rule; null for a metric alarm
 * @param contributor for a Metrics Insights alarm over several time series, the one whose state changed;
 *     null for every other alarm
 * @param mute the alarm mute rule that silenced this change's actions; null when none did
 * @param band for an anomaly-detection alarm, the band of the latest evaluation when the event gives it; null otherwise
 */
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
        List<MetricQuery> metrics,
        String comparisonOperator,
        List<Double> datapoints,
        String alarmRule,
        Contributor contributor,
        Mute mute,
        AnomalyBand band) {

    public AlarmNotification {
        metrics = List.copyOf(metrics);
        datapoints = List.copyOf(datapoints);
    }

    /** A plain metric alarm's state change. */
    public AlarmNotification(Delivery delivery, String alarmName, String alarmArn, String accountId, String region,
                             AlarmState state, AlarmState previousState, Instant stateChangeTime, String reason,
                             Double threshold, List<MetricQuery> metrics) {
        this(delivery, alarmName, alarmArn, accountId, region, state, previousState, stateChangeTime, reason, threshold,
                metrics, null, List.of(), null, null, null, null);
    }

    /**
     * Identifies the state change, not the delivery: SNS redelivery and the same change arriving
     * through EventBridge as well share it, so the ledger acts on it once. Each contributor of a
     * Metrics Insights alarm changes state on its own, so its id is part of the key.
     */
    public String stateChangeKey() {
        return source() + "|" + state + "|" + stateChangeTime.toEpochMilli();
    }

    /**
     * What changes state: the alarm, or one contributor of it ("alarm/contributor id"). State changes are
     * ordered, and incidents remember their alarms, by this name.
     */
    public String source() {
        return contributor == null ? alarmName : contributor.source(alarmName);
    }

    /** The metrics the alarm reads (never the expressions). */
    public List<MetricQuery> metricStats() {
        return metrics.stream().filter(m -> !m.isExpression()).toList();
    }

    public boolean isComposite() {
        return alarmRule != null;
    }

    /** The Metrics Insights query of the alarm, when it is one; null otherwise. */
    public String metricsInsightsQuery() {
        MetricQuery query = metricsInsightsMetric();
        return query == null ? null : query.expression();
    }

    /** The alarm's Metrics Insights query with its period, when it is one; null otherwise. */
    public MetricQuery metricsInsightsMetric() {
        return metrics.stream().filter(m -> m.isExpression() && MetricsInsightsQuery.isQuery(m.expression()))
                .findFirst().orElse(null);
    }

    /**
     * This ALARM as CloudWatch would send it again at {@code at} with {@code reason} and one datapoint: for a
     * contributor still in ALARM, which CloudWatch does not notify again. A mute rule of the first is not assumed.
     */
    public AlarmNotification againAt(Instant at, String reason, double datapoint) {
        return new AlarmNotification(delivery, alarmName, alarmArn, accountId, region, AlarmState.ALARM, AlarmState.ALARM, at,
                reason, threshold, metrics, comparisonOperator, List.of(datapoint), alarmRule, contributor, null, band);
    }

    /** The largest of the recent datapoints the evaluation saw; empty when the event gives none. */
    public OptionalDouble largestDatapoint() {
        return datapoints.stream().mapToDouble(Double::doubleValue).max();
    }
}
