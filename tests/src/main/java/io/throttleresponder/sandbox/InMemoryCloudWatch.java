package io.throttleresponder.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/** CloudWatch metrics in memory: GetMetricData answers the datapoints put here, and none for the rest. */
public final class InMemoryCloudWatch implements CloudWatchClient {

    private final Map<String, List<Double>> datapoints = new ConcurrentHashMap<>();

    /** Sets the per-minute values of a metric, e.g. ("WriteKeyRangeThroughputThrottleEvents", {TableName=orders}). */
    public void put(String metricName, Map<String, String> dimensions, List<Double> values) {
        datapoints.put(key(metricName, dimensions), List.copyOf(values));
    }

    @Override
    public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
        List<MetricDataResult> results = new ArrayList<>();
        for (MetricDataQuery query : request.metricDataQueries()) {
            if (query.metricStat() == null) {
                throw new UnsupportedOperationException("metric math queries are not served in memory");
            }
            Metric metric = query.metricStat().metric();
            Map<String, String> dimensions = new TreeMap<>();
            for (Dimension d : metric.dimensions()) {
                dimensions.put(d.name(), d.value());
            }
            List<Double> values = datapoints.getOrDefault(key(metric.metricName(), dimensions), List.of());
            results.add(MetricDataResult.builder()
                    .id(query.id())
                    .label(metric.metricName())
                    .values(values)
                    .statusCode(StatusCode.COMPLETE)
                    .build());
        }
        return GetMetricDataResponse.builder().metricDataResults(results).build();
    }

    private static String key(String metricName, Map<String, String> dimensions) {
        return metricName + new TreeMap<>(dimensions);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
