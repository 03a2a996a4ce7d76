package io.throttleresponder.alarm;

import java.util.Map;

/**
 * One metric or expression of an alarm. A single-metric alarm is one query with
 * {@code returnData}; a metric-math alarm lists its expression and the metrics it reads.
 * {@code accountId} is the account the metric lives in when the alarm names one (CloudWatch
 * cross-account observability), and {@code period} its period in seconds; both may be null.
 */
public record MetricQuery(
        String id,
        String namespace,
        String metricName,
        Map<String, String> dimensions,
        String stat,
        String expression,
        boolean returnData,
        String accountId,
        Integer period) {

    public MetricQuery {
        dimensions = Map.copyOf(dimensions);
    }

    /** A metric of the alarm's own account whose period the alarm does not say. */
    public MetricQuery(String id, String namespace, String metricName, Map<String, String> dimensions, String stat,
                       String expression, boolean returnData) {
        this(id, namespace, metricName, dimensions, stat, expression, returnData, null, null);
    }

    public boolean isExpression() {
        return expression != null;
    }

    public String dimension(String name) {
        return dimensions.get(name);
    }
}
