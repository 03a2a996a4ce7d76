package io.throttleresponder.aws;

import io.throttleresponder.model.Cause;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/** Reads the per-cause throttle metrics and consumed capacity with one GetMetricData call each. */
public final class CloudWatchMetricsReader implements MetricsReader {

    /** Enough for a 1-minute alarm's datapoint to have landed, short enough to be about this incident. */
    static final Duration THROTTLE_WINDOW = Duration.ofMinutes(5);
    static final Duration PEAK_WINDOW = Duration.ofMinutes(15);
    static final Duration ACCOUNT_PERIOD = Duration.ofMinutes(5);
    /** Two of its 5-minute periods: the latest may not be published yet. */
    static final Duration ACCOUNT_WINDOW = Duration.ofMinutes(15);
    private static final Map<Cause, String> CAUSE_METRICS = Map.of(
            Cause.KEY_RANGE, "KeyRangeThroughputThrottleEvents",
            Cause.PROVISIONED, "ProvisionedThroughputThrottleEvents",
            Cause.MAX_ON_DEMAND, "MaxOnDemandThroughputThrottleEvents",
            Cause.ACCOUNT_LIMIT, "AccountLimitThrottleEvents");

    private final CloudWatchClient cloudWatch;

    public CloudWatchMetricsReader(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public Map<Cause, Double> throttleEventsByCause(ResourceId resource, Operation operation, Instant now) {
        List<MetricDataQuery> queries = new ArrayList<>();
        List<Cause> causes = new ArrayList<>();
        for (Map.Entry<Cause, String> entry : CAUSE_METRICS.entrySet()) {
            // The account-limit metrics exist per table only.
            ResourceId scope = entry.getKey() == Cause.ACCOUNT_LIMIT ? ResourceId.table(resource.table()) : resource;
            queries.add(query("q" + causes.size(), operation.capitalized() + entry.getValue(), scope));
            causes.add(entry.getKey());
        }
        GetMetricDataResponse response = cloudWatch.getMetricData(r -> r
                .startTime(now.minus(THROTTLE_WINDOW))
                .endTime(now)
                .metricDataQueries(queries));
        Map<Cause, Double> events = new EnumMap<>(Cause.class);
        for (MetricDataResult result : response.metricDataResults()) {
            if (result.hasValues() && !result.values().isEmpty()) {
                Cause cause = causes.get(Integer.parseInt(result.id().substring(1)));
                events.put(cause, result.values().stream().mapToDouble(Double::doubleValue).sum());
            }
        }
        return events;
    }

    @Override
    public OptionalDouble consumedPeak(ResourceId resource, Operation operation, Instant now) {
        return consumedPeak(resource, operation, now.minus(PEAK_WINDOW), now);
    }

    /**
     * DynamoDB publishes the account's utilization every 5 minutes, as the Maximum of the period
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html).
     */
    @Override
    public OptionalDouble accountProvisionedUtilization(Operation operation, Instant now) {
        GetMetricDataResponse response = cloudWatch.getMetricData(r -> r
                .startTime(now.minus(ACCOUNT_WINDOW))
                .endTime(now)
                .metricDataQueries(MetricDataQuery.builder()
                        .id("account")
                        .returnData(true)
                        .metricStat(s -> s
                                .metric(m -> m.namespace(Diagnoser.NAMESPACE)
                                        .metricName("AccountProvisioned" + operation.capitalized() + "CapacityUtilization"))
                                .period((int) ACCOUNT_PERIOD.toSeconds())
                                .stat("Maximum"))
                        .build()));
        return response.metricDataResults().stream()
                .filter(MetricDataResult::hasValues)
                .flatMap(result -> result.values().stream())
                .mapToDouble(Double::doubleValue)
                .max();
    }

    @Override
    public OptionalDouble peak(ResourceId resource, String metricName, Instant from, Instant to) {
        GetMetricDataResponse response = cloudWatch.getMetricData(r -> r
                .startTime(from)
                .endTime(to)
                .metricDataQueries(query("peak", metricName, resource)));
        return response.metricDataResults().stream()
                .filter(MetricDataResult::hasValues)
                .flatMap(result -> result.values().stream())
                .mapToDouble(Double::doubleValue)
                .max();
    }

    private static MetricDataQuery query(String id, String metricName, ResourceId resource) {
        List<Dimension> dimensions = new ArrayList<>();
        dimensions.add(Dimension.builder().name(Diagnoser.TABLE_DIMENSION).value(resource.table()).build());
        if (resource.isIndex()) {
            dimensions.add(Dimension.builder().name(Diagnoser.INDEX_DIMENSION).value(resource.index()).build());
        }
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(s -> s
                        .metric(m -> m.namespace(Diagnoser.NAMESPACE).metricName(metricName).dimensions(dimensions))
                        .period(60)
                        .stat("Sum"))
                .build();
    }
}
