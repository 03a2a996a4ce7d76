package io.throttleresponder.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributor;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributorDatapoint;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * CloudWatch in memory: GetMetricData answers the datapoints put here (none for the rest),
 * DescribeAlarms the states set here, and GetInsightRuleReport the recorded reports in a directory:
 * {@code <table>.<KIND>.json} or {@code <table>-<index>.<KIND>.json}, as
 * {@code aws cloudwatch get-insight-rule-report} prints them.
 */
public final class InMemoryCloudWatch implements CloudWatchClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile("DynamoDBContributorInsights-(PKC|PKT|SKC|SKT)-(.+)-\\d+");

    private final Map<String, List<Double>> datapoints = new ConcurrentHashMap<>();
    private final Map<String, StateValue> alarmStates = new ConcurrentHashMap<>();
    private final Path insightsDirectory;
    private final Faults faults;

    /** @param insightsDirectory where the recorded insight rule reports are; null for none */
    public InMemoryCloudWatch(Path insightsDirectory, Faults faults) {
        this.insightsDirectory = insightsDirectory;
        this.faults = faults;
    }

    public void setAlarmState(String alarmName, StateValue state) {
        alarmStates.put(alarmName, state);
    }

    @Override
    public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
        faults.check("DescribeAlarms", null);
        List<MetricAlarm> alarms = request.alarmNames().stream()
                .filter(alarmStates::containsKey)
                .map(name -> MetricAlarm.builder().alarmName(name).stateValue(alarmStates.get(name)).build())
                .toList();
        return DescribeAlarmsResponse.builder().metricAlarms(alarms).build();
    }

    /** A rule with no recorded report has no contributors yet, as a freshly enabled rule does. */
    @Override
    public GetInsightRuleReportResponse getInsightRuleReport(GetInsightRuleReportRequest request) {
        faults.check("GetInsightRuleReport", null);
        Matcher rule = RULE.matcher(request.ruleName());
        if (!rule.matches()) {
            throw ResourceNotFoundException.builder().message("no insight rule " + request.ruleName()).build();
        }
        Path recorded = insightsDirectory == null ? null : insightsDirectory.resolve(rule.group(2) + "." + rule.group(1) + ".json");
        if (recorded == null || !Files.exists(recorded)) {
            return GetInsightRuleReportResponse.builder().keyLabels("PartitionKey").aggregationStatistic("Sum")
                    .aggregateValue(0.0).approximateUniqueCount(0L).contributors(List.of()).build();
        }
        try {
            return recordedReport(JSON.readTree(recorded.toFile()));
        } catch (IOException | RuntimeException e) {
            throw new SandboxException("cannot read recorded insight rule report " + recorded + ": " + e.getMessage());
        }
    }

    /** The AWS CLI's output of get-insight-rule-report, member names as in the API. */
    private static GetInsightRuleReportResponse recordedReport(JsonNode report) {
        List<InsightRuleContributor> contributors = new ArrayList<>();
        for (JsonNode contributor : report.path("Contributors")) {
            List<String> keys = new ArrayList<>();
            contributor.path("Keys").forEach(k -> keys.add(k.asText()));
            List<InsightRuleContributorDatapoint> points = new ArrayList<>();
            for (JsonNode point : contributor.path("Datapoints")) {
                points.add(InsightRuleContributorDatapoint.builder()
                        .timestamp(Instant.parse(point.path("Timestamp").asText()))
                        .approximateValue(point.path("ApproximateValue").asDouble())
                        .build());
            }
            contributors.add(InsightRuleContributor.builder()
                    .keys(keys)
                    .approximateAggregateValue(contributor.path("ApproximateAggregateValue").asDouble())
                    .datapoints(points)
                    .build());
        }
        List<String> labels = new ArrayList<>();
        report.path("KeyLabels").forEach(l -> labels.add(l.asText()));
        return GetInsightRuleReportResponse.builder()
                .keyLabels(labels)
                .aggregationStatistic(report.path("AggregationStatistic").asText("Sum"))
                .aggregateValue(report.path("AggregateValue").asDouble())
                .approximateUniqueCount(report.path("ApproximateUniqueCount").asLong())
                .contributors(contributors)
                .build();
    }

    /** Sets the per-minute values of a metric, e.g. ("WriteKeyRangeThroughputThrottleEvents", {TableName=orders}). */
    public void put(String metricName, Map<String, String> dimensions, List<Double> values) {
        datapoints.put(key(metricName, dimensions), List.copyOf(values));
    }

    @Override
    public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
        faults.check("GetMetricData", null);
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
