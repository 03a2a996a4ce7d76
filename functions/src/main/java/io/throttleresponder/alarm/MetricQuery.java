package io.throttleresponder.alarm;

import java.util.Map;

/**
 * One metric or expression of an alarm. A single-metric alarm is one query with
 * {@code returnData}; a metric-math alarm lists its expression and the metrics it reads.
 */
public record MetricQuery(
        String id,
        String namespace,
        String metricName,
        Map<String, String> dimensions,
        String stat,
        String expression,
        boolean returnData) {

    public MetricQuery {
        dimensions = Map.copyOf(dimensions);
    }

    public boolean isExpression() {
        return expression != null;
    }

    public String dimension(String name) {
        return dimensions.get(name);
    }
}
