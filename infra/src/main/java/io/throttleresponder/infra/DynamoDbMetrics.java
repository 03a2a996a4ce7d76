package io.throttleresponder.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;

/** The AWS/DynamoDB metrics the dashboard graphs, at the alarms' 1-minute period (the alarms are {@link AlarmDefinitions}). */
final class DynamoDbMetrics {

    static final Duration PERIOD = Duration.seconds(AlarmDefinitions.PERIOD_SECONDS);
    private static final String NAMESPACE = "AWS/DynamoDB";

    private DynamoDbMetrics() {
    }

    /** Unlabelled: the graph names it by its metric. */
    static Metric throttleEvents(AlarmSignal signal, WatchedTarget target) {
        return metric(signal.signalName(), target.dimensions(), "Sum", null);
    }

    /** (consumed per second) / provisioned * 100, with the metrics' ids given: a graph of both directions needs them apart. */
    static MathExpression utilization(String direction, WatchedTarget target, String consumedId, String provisionedId) {
        // Ordered, so that every synth writes the same template.
        Map<String, IMetric> byId = new LinkedHashMap<>();
        byId.put(consumedId, metric("Consumed%sCapacityUnits".formatted(direction), target.dimensions(), "Sum", null));
        byId.put(provisionedId, metric("Provisioned%sCapacityUnits".formatted(direction), target.dimensions(), "Average", null));
        return MathExpression.Builder.create()
                .expression("(%s / 60) / %s * 100".formatted(consumedId, provisionedId))
                .usingMetrics(byId)
                .label("%s capacity utilization (%%)".formatted(direction))
                .period(PERIOD)
                .build();
    }

    /** Consumed capacity per second, comparable with the provisioned level. */
    static MathExpression consumedPerSecond(String direction, String id, WatchedTarget target) {
        return MathExpression.Builder.create()
                .expression(id + " / 60")
                .usingMetrics(Map.of(id, metric("Consumed%sCapacityUnits".formatted(direction), target.dimensions(), "Sum", null)))
                .label("consumed %s units/s".formatted(direction.toLowerCase()))
                .period(PERIOD)
                .build();
    }

    static Metric provisioned(String direction, WatchedTarget target) {
        return metric("Provisioned%sCapacityUnits".formatted(direction), target.dimensions(), "Average",
                "provisioned %s units/s".formatted(direction.toLowerCase()));
    }

    /**
     * SuccessfulRequestLatency has no percentiles and one series per operation: the alarm takes the
     * average across the operations the table serves (at most 10, the metric-math limit).
     */
    static MathExpression averageLatency(WatchedTarget target) {
        List<String> operations = target.table().latencyOperations();
        Map<String, IMetric> byId = new LinkedHashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            Map<String, String> dimensions = new LinkedHashMap<>(target.dimensions());
            dimensions.put("Operation", operations.get(i));
            byId.put("m" + (i + 1), metric("SuccessfulRequestLatency", dimensions, "Average", operations.get(i)));
        }
        return MathExpression.Builder.create()
                .expression("AVG([%s])".formatted(String.join(",", byId.keySet())))
                .usingMetrics(byId)
                .label("average latency of " + String.join(", ", operations) + " (ms)")
                .period(PERIOD)
                .build();
    }

    private static Metric metric(String name, Map<String, String> dimensions, String statistic, String label) {
        Metric.Builder builder = Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(PERIOD);
        if (label != null) {
            builder.label(label);
        }
        return builder.build();
    }
}
