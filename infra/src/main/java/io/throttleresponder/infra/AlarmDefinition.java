package io.throttleresponder.infra;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One CloudWatch metric alarm as PutMetricAlarm takes it, in plain values: what infra turns into a CDK
 * alarm and what the sandbox evaluates, so that both use one definition.
 *
 * @param queries the alarm's MetricDataQuery list: one metric without an expression is a single-metric
 *     alarm (MetricName, Statistic, Period); otherwise the query with {@code returnData} is the expression
 *     the alarm watches
 * @param treatMissingData CloudFormation's spelling: breaching, notBreaching, ignore, missing
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm</a>
 */
public record AlarmDefinition(String alarmName, String description, List<Query> queries, double threshold,
                              String comparisonOperator, int evaluationPeriods, int datapointsToAlarm,
                              String treatMissingData) {

    public AlarmDefinition {
        queries = List.copyOf(queries);
        if (queries.stream().filter(Query::returnData).count() != 1) {
            throw new IllegalArgumentException(alarmName + ": exactly one query must return data, was " + queries);
        }
    }

    /** A metric as MetricStat names it: namespace, name, dimensions, statistic and period in seconds. */
    public record Stat(String namespace, String metricName, Map<String, String> dimensions, String statistic,
                       int periodSeconds) {
        public Stat {
            // Sorted by name, as CloudFormation lists them: one order for every reader.
            dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
        }
    }

    /**
     * A metric (stat), a metric-math expression over the other queries' ids, or a Metrics Insights query;
     * label may be null; periodSeconds is set for a Metrics Insights query only, which has no metric to
     * take it from (MetricDataQuery's Period).
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html">MetricDataQuery</a>
     */
    public record Query(String id, String expression, Stat stat, String label, boolean returnData, Integer periodSeconds) {

        public static Query metric(String id, Stat stat, String label, boolean returnData) {
            return new Query(id, null, stat, label, returnData, null);
        }

        public static Query expression(String id, String expression, String label) {
            return new Query(id, expression, null, label, true, null);
        }

        public static Query metricsInsights(String id, String query, String label, int periodSeconds) {
            return new Query(id, query, null, label, true, periodSeconds);
        }

        public boolean isExpression() {
            return expression != null;
        }

        /** A Metrics Insights query: one time series, so one contributor, per group. */
        public boolean isMetricsInsights() {
            return isExpression() && expression.startsWith("SELECT ");
        }
    }

    /** The metric of a single-metric alarm; empty for a metric-math alarm. */
    public Optional<Stat> singleMetric() {
        return queries.size() == 1 && !queries.get(0).isExpression() ? Optional.of(queries.get(0).stat()) : Optional.empty();
    }

    /** The query whose values the alarm compares with its threshold. */
    public Query returned() {
        return queries.stream().filter(Query::returnData).findFirst().orElseThrow();
    }

    /** The metrics it reads, in order: what CloudWatch bills a metric-math alarm for. */
    public List<Stat> metrics() {
        return queries.stream().filter(q -> !q.isExpression()).map(Query::stat).toList();
    }

    /** Every metric's period, or the Metrics Insights query's; CloudWatch evaluates the alarm once per period. */
    public int periodSeconds() {
        return metrics().isEmpty() ? returned().periodSeconds() : metrics().get(0).periodSeconds();
    }

    /** An alarm on a Metrics Insights query: each of its time series a contributor with its own state. */
    public boolean overContributors() {
        return returned().isMetricsInsights();
    }
}
