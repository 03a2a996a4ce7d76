package io.throttleresponder.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmContributor;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmContributorsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmContributorsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributor;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributorDatapoint;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateRequest;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateResponse;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * CloudWatch in memory, as strict as CloudWatch about what it is asked. GetMetricData answers from
 * DynamoDB metric time series set here (Sum per minute); DescribeAlarms the states set here; and
 * GetInsightRuleReport replays the recorded reports in a directory ({@code <table>.<KIND>.json} or
 * {@code <table>-<index>.<KIND>.json}, as {@code aws cloudwatch get-insight-rule-report} prints them)
 * as if the rule had been collecting since it was created.
 */
public final class InMemoryCloudWatch implements CloudWatchClient {

    public static final String NAMESPACE = "AWS/DynamoDB";
    public static final String STATISTIC = "Sum";
    public static final int PERIOD_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile("DynamoDBContributorInsights-(PKC|PKT|SKC|SKT)-(.+)-(\\d+)");
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html
    private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    private static final int MAX_QUERIES = 500;
    // The statistics and extended statistics GetMetricData takes:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
    private static final Pattern STATISTICS = Pattern.compile("SampleCount|Average|Sum|Minimum|Maximum|IQM"
            + "|(?i:p|tm|wm|tc|ts)(100|\\d{1,2}(\\.\\d+)?)"
            + "|(?i:tm|wm|tc|ts|pr)\\(\\s*\\d*(\\.\\d+)?%?\\s*:\\s*\\d*(\\.\\d+)?%?\\s*\\)");
    // One-minute datapoints are kept 15 days:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention
    private static final Duration ONE_MINUTE_RETENTION = Duration.ofDays(15);
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetInsightRuleReport.html
    private static final int MAX_CONTRIBUTOR_COUNT = 100;
    private static final int DEFAULT_CONTRIBUTOR_COUNT = 10;
    private static final Pattern RULE_NAME = Pattern.compile("[\\x20-\\x7E]{1,128}");

    /** Per series (metric name and dimensions), the minute each per-minute Sum starts from; NaN: none from then on. */
    private final Map<String, NavigableMap<Instant, Double>> series = new ConcurrentHashMap<>();
    private static final double NOT_PUBLISHED = Double.NaN;
    /** Per series, datapoints of one period each (not carried on to later minutes). */
    private final Map<String, Map<Instant, Double>> published = new ConcurrentHashMap<>();
    private final Map<String, StateValue> alarmStates = new ConcurrentHashMap<>();
    /** Per metric name, each series' dimensions by its key. */
    private final Map<String, Map<String, Map<String, String>>> seriesDimensions = new ConcurrentHashMap<>();
    private final Path insightsDirectory;
    private final Faults faults;
    private final Clock clock;

    /** @param insightsDirectory where the recorded insight rule reports are; null for none */
    public InMemoryCloudWatch(Path insightsDirectory, Faults faults, Clock clock) {
        this.insightsDirectory = insightsDirectory;
        this.faults = faults;
        this.clock = clock;
    }

    public void setAlarmState(String alarmName, StateValue state) {
        alarmStates.put(alarmName, state);
    }

    /** A state set with SetAlarmState: CloudWatch invokes the new state's actions when it differs from the old. */
    public record SetState(String alarmName, StateValue from, StateValue to, String reason, Instant at) {}

    private final List<SetState> setStates = Collections.synchronizedList(new ArrayList<>());

    /**
     * Sets the state of an alarm the sandbox knows until its next evaluation; a change is kept for
     * {@link #drainSetStates()}, whose caller sends the notification CloudWatch would.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html">SetAlarmState</a>
     */
    @Override
    public SetAlarmStateResponse setAlarmState(SetAlarmStateRequest request) {
        faults.check("SetAlarmState", null);
        require(request.alarmName(), "AlarmName");
        require(request.stateValue(), "StateValue");
        require(request.stateReason(), "StateReason");
        StateValue from = alarmStates.get(request.alarmName());
        if (from == null) {
            String message = "Alarm " + request.alarmName() + " does not exist";
            throw ResourceNotFoundException.builder().message(message)
                    .awsErrorDetails(details("ResourceNotFound", message)).statusCode(404).build();
        }
        alarmStates.put(request.alarmName(), request.stateValue());
        if (from != request.stateValue()) {
            setStates.add(new SetState(request.alarmName(), from, request.stateValue(), request.stateReason(), clock.instant()));
        }
        return SetAlarmStateResponse.builder().build();
    }

    /** The state changes made with SetAlarmState since the last call, in order. */
    public List<SetState> drainSetStates() {
        synchronized (setStates) {
            List<SetState> drained = List.copyOf(setStates);
            setStates.clear();
            return drained;
        }
    }

    private final Map<String, Map<String, StateValue>> contributorStates = new ConcurrentHashMap<>();

    /** Someone deletes (or renames) alarms: DescribeAlarms no longer returns them. */
    @Override
    public DeleteAlarmsResponse deleteAlarms(DeleteAlarmsRequest request) {
        request.alarmNames().forEach(name -> {
            alarmStates.remove(name);
            contributorStates.remove(name);
        });
        return DeleteAlarmsResponse.builder().build();
    }

    /**
     * One contributor of a Metrics Insights alarm changes state; the alarm is in ALARM while any of its
     * contributors is, else OK.
     */
    public void setContributorState(String alarmName, String contributorId, StateValue state) {
        Map<String, StateValue> contributors = contributorStates.computeIfAbsent(alarmName, a -> new ConcurrentHashMap<>());
        contributors.put(contributorId, state);
        alarmStates.put(alarmName, contributors.containsValue(StateValue.ALARM) ? StateValue.ALARM : StateValue.OK);
    }

    /** A contributor's state; a contributor CloudWatch has not seen yet is OK (contributors are ALARM or OK only). */
    public StateValue contributorState(String alarmName, String contributorId) {
        return contributorStates.getOrDefault(alarmName, Map.of()).getOrDefault(contributorId, StateValue.OK);
    }

    /** The contributors in ALARM, one page; an alarm this stand-in does not know is ResourceNotFoundException. */
    @Override
    public DescribeAlarmContributorsResponse describeAlarmContributors(DescribeAlarmContributorsRequest request) {
        faults.check("DescribeAlarmContributors", null);
        if (!alarmStates.containsKey(request.alarmName())) {
            throw software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException.builder()
                    .message("Alarm " + request.alarmName() + " does not exist").statusCode(404).build();
        }
        return DescribeAlarmContributorsResponse.builder()
                .alarmContributors(contributorStates.getOrDefault(request.alarmName(), Map.of()).entrySet().stream()
                        .filter(e -> e.getValue() == StateValue.ALARM)
                        .map(e -> AlarmContributor.builder().contributorId(e.getKey()).build())
                        .toList())
                .build();
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

    /** A metric of the account, without dimensions, that CloudWatch derives from state: answered from it when asked. */
    private record Gauge(String statistic, int periodSeconds, Supplier<Double> value) {}

    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    /**
     * Serves {@code metricName} (AWS/DynamoDB, no dimensions) with one datapoint, the latest whole period
     * before now, computed when asked: for the account's metrics, which the sandbox derives from its tables.
     */
    public void gauge(String metricName, String statistic, int periodSeconds, Supplier<Double> value) {
        gauges.put(metricName, new Gauge(statistic, periodSeconds, value));
    }

    /**
     * From the minute holding {@code from} on, every one-minute period of the AWS/DynamoDB metric reports
     * {@code perMinuteSum} as its Sum, e.g. ("WriteKeyRangeThroughputThrottleEvents", {TableName=orders}).
     * What was set for later minutes is replaced.
     */
    public void set(String metricName, Map<String, String> dimensions, Instant from, double perMinuteSum) {
        seriesDimensions.computeIfAbsent(metricName, m -> new ConcurrentHashMap<>())
                .putIfAbsent(key(metricName, dimensions), Map.copyOf(dimensions));
        NavigableMap<Instant, Double> sums = series.computeIfAbsent(key(metricName, dimensions), k -> new TreeMap<>());
        synchronized (sums) {
            Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
            sums.tailMap(minute, true).clear();
            sums.put(minute, perMinuteSum);
        }
    }

    /**
     * From the minute holding {@code from} on, the metric has no datapoint: what DynamoDB publishes for a
     * throttle metric in a minute without throttling (0 stays a published zero, see {@link #set}).
     */
    public void stop(String metricName, Map<String, String> dimensions, Instant from) {
        set(metricName, dimensions, from, NOT_PUBLISHED);
    }

    /**
     * One datapoint of the AWS/DynamoDB metric, for the period starting at {@code timestamp} only: how
     * DynamoDB publishes Provisioned*CapacityUnits, every 5 minutes.
     */
    public void publish(String metricName, Map<String, String> dimensions, Instant timestamp, double value) {
        seriesDimensions.computeIfAbsent(metricName, m -> new ConcurrentHashMap<>())
                .putIfAbsent(key(metricName, dimensions), Map.copyOf(dimensions));
        published.computeIfAbsent(key(metricName, dimensions), k -> new ConcurrentHashMap<>()).put(timestamp, value);
    }

    /**
     * The 1-minute datapoint of an AWS/DynamoDB metric for the minute starting at {@code minute}, as an alarm
     * reads it: the published one, else the series set for that minute; empty when none was published then.
     * The sandbox holds one value per minute, whatever the statistic; other namespaces and periods have none.
     */
    public Optional<Double> datapoint(String namespace, String metricName, Map<String, String> dimensions, int periodSeconds,
                                      Instant minute) {
        if (!NAMESPACE.equals(namespace) || periodSeconds != PERIOD_SECONDS || !minute.isBefore(clock.instant())) {
            return Optional.empty();
        }
        String key = key(metricName, dimensions);
        Double point = published.getOrDefault(key, Map.of()).get(minute);
        if (point != null) {
            return Optional.of(point);
        }
        NavigableMap<Instant, Double> sums = series.get(key);
        if (sums == null) {
            return Optional.empty();
        }
        synchronized (sums) {
            Map.Entry<Instant, Double> sum = sums.floorEntry(minute);
            return sum == null || sum.getValue().isNaN() ? Optional.empty() : Optional.of(sum.getValue());
        }
    }

    /**
     * The dimensions of every AWS/DynamoDB series of {@code metricName} whose dimension names are exactly
     * {@code dimensionNames}: what a Metrics Insights {@code SCHEMA("AWS/DynamoDB", ...)} reads.
     */
    public List<Map<String, String>> seriesWithDimensions(String metricName, Set<String> dimensionNames) {
        return seriesDimensions.getOrDefault(metricName, Map.of()).values().stream()
                .filter(dimensions -> dimensions.keySet().equals(dimensionNames))
                .toList();
    }

    /** An alarm's state as CloudWatch holds it; a new alarm's is INSUFFICIENT_DATA. */
    public StateValue alarmState(String alarmName) {
        return alarmStates.getOrDefault(alarmName, StateValue.INSUFFICIENT_DATA);
    }

    /**
     * The per-minute Sums of the last {@code values.size()} minutes, the last value being the clock's
     * current minute's; like {@link #set}, the last value goes on in the minutes after.
     */
    public void put(String metricName, Map<String, String> dimensions, List<Double> values) {
        Instant current = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < values.size(); i++) {
            set(metricName, dimensions, current.minus(Duration.ofMinutes(values.size() - 1L - i)), values.get(i));
        }
    }

    @Override
    public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
        faults.check("GetMetricData", null);
        validate(request);
        List<MetricDataResult> results = new ArrayList<>();
        for (MetricDataQuery query : request.metricDataQueries()) {
            if (query.metricStat() == null) {
                throw new UnsupportedOperationException("metric math and Metrics Insights queries are not served in memory");
            }
            if (Boolean.FALSE.equals(query.returnData())) {
                continue;
            }
            List<Instant> timestamps = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            datapoints(query.metricStat(), request.startTime(), request.endTime()).forEach((minute, sum) -> {
                timestamps.add(minute);
                values.add(sum);
            });
            if (request.scanBy() != ScanBy.TIMESTAMP_ASCENDING) {
                Collections.reverse(timestamps);
                Collections.reverse(values);
            }
            results.add(MetricDataResult.builder()
                    .id(query.id())
                    .label(query.label() != null ? query.label() : query.metricStat().metric().metricName())
                    .timestamps(timestamps)
                    .values(values)
                    .statusCode(StatusCode.COMPLETE)
                    .build());
        }
        return GetMetricDataResponse.builder().metricDataResults(results).build();
    }

    /**
     * The recorded series' Sum per minute in [start, end), ascending. A query for anything not recorded
     * (another namespace, statistic, period or dimension set) has no datapoints, as a metric with no data
     * has none in CloudWatch.
     */
    private NavigableMap<Instant, Double> datapoints(MetricStat stat, Instant start, Instant end) {
        NavigableMap<Instant, Double> datapoints = new TreeMap<>();
        Metric metric = stat.metric();
        Gauge gauge = gauges.get(metric.metricName());
        if (gauge != null) {
            if (NAMESPACE.equals(metric.namespace()) && dimensions(metric).isEmpty() && gauge.statistic().equals(stat.stat())
                    && gauge.periodSeconds() == stat.period()) {
                Instant latest = Instant.ofEpochSecond(Math.floorDiv(clock.instant().getEpochSecond(), gauge.periodSeconds())
                        * gauge.periodSeconds());
                if (!latest.isBefore(start) && latest.isBefore(end)) {
                    datapoints.put(latest, gauge.value().get());
                }
            }
            return datapoints;
        }
        NavigableMap<Instant, Double> sums = series.get(key(metric.metricName(), dimensions(metric)));
        if (!NAMESPACE.equals(metric.namespace()) || !STATISTIC.equals(stat.stat()) || stat.period() != PERIOD_SECONDS
                || sums == null) {
            return datapoints;
        }
        Instant now = clock.instant();
        // CloudWatch rounds a StartTime less than 15 days ago down to the minute; older minutes are gone.
        Instant minute = start.truncatedTo(ChronoUnit.MINUTES);
        Instant retained = now.minus(ONE_MINUTE_RETENTION);
        synchronized (sums) {
            for (; minute.isBefore(end) && !minute.isAfter(now); minute = minute.plus(Duration.ofMinutes(1))) {
                Map.Entry<Instant, Double> sum = sums.floorEntry(minute);
                if (sum != null && !sum.getValue().isNaN() && !minute.isBefore(retained)) {
                    datapoints.put(minute, sum.getValue());
                }
            }
        }
        return datapoints;
    }

    /** The request checks GetMetricData makes before it reads any data. */
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html
    private static void validate(GetMetricDataRequest request) {
        require(request.startTime(), "StartTime");
        require(request.endTime(), "EndTime");
        if (!request.hasMetricDataQueries() || request.metricDataQueries().isEmpty()) {
            throw missing("MetricDataQueries");
        }
        if (!request.startTime().isBefore(request.endTime())) {
            throw invalid("The parameter StartTime must be less than the parameter EndTime.");
        }
        if (request.metricDataQueries().size() > MAX_QUERIES) {
            throw invalid("The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
        }
        if (request.scanBy() == ScanBy.UNKNOWN_TO_SDK_VERSION) {
            throw invalid("The parameter ScanBy must be TimestampDescending or TimestampAscending.");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < request.metricDataQueries().size(); i++) {
            MetricDataQuery query = request.metricDataQueries().get(i);
            String member = "MetricDataQueries.member." + (i + 1);
            require(query.id(), member + ".Id");
            if (!QUERY_ID.matcher(query.id()).matches() || query.id().length() > 255) {
                throw invalid("The value " + query.id() + " for parameter " + member + ".Id is invalid: it must start with"
                        + " a lowercase letter and hold only letters, numbers and underscores.");
            }
            if (!ids.add(query.id())) {
                throw invalid("The value " + query.id() + " for parameter " + member + ".Id is not unique.");
            }
            if ((query.metricStat() == null) == (query.expression() == null)) {
                String message = "Exactly one of MetricStat and Expression must be specified in " + member + ".";
                throw InvalidParameterCombinationException.builder().message(message)
                        .awsErrorDetails(details("InvalidParameterCombination", message)).statusCode(400).build();
            }
            if (query.metricStat() != null) {
                validate(query.metricStat(), member + ".MetricStat");
            }
        }
    }

    private static void validate(MetricStat stat, String member) {
        require(stat.metric(), member + ".Metric");
        require(stat.period(), member + ".Period");
        require(stat.stat(), member + ".Stat");
        int period = stat.period();
        boolean highResolution = period == 1 || period == 5 || period == 10 || period == 20 || period == 30;
        if (period < 1 || !(highResolution || period % 60 == 0)) {
            throw invalid("The parameter " + member + ".Period must be 1, 5, 10, 20, 30, or a multiple of 60.");
        }
        if (!STATISTICS.matcher(stat.stat()).matches()) {
            throw invalid("The value " + stat.stat() + " for parameter " + member + ".Stat is not a valid statistic.");
        }
    }

    /**
     * The recorded report replayed from the rule's creation: the recording's first minute is the minute the
     * rule was created (its name ends with that time in epoch milliseconds), later minutes follow at the same
     * distance. Only the datapoints in [StartTime, EndTime) and not after now count; a rule with no recording
     * has no contributors yet, as a freshly enabled rule does.
     */
    @Override
    public GetInsightRuleReportResponse getInsightRuleReport(GetInsightRuleReportRequest request) {
        faults.check("GetInsightRuleReport", null);
        validate(request);
        if (request.hasMetrics() && !request.metrics().isEmpty()) {
            throw new UnsupportedOperationException("the rule's Metrics (MetricDatapoints) are not served in memory");
        }
        Matcher rule = RULE.matcher(request.ruleName());
        if (!rule.matches()) {
            throw ResourceNotFoundException.builder().message("no insight rule " + request.ruleName()).build();
        }
        Path recorded = insightsDirectory == null ? null : insightsDirectory.resolve(rule.group(2) + "." + rule.group(1) + ".json");
        if (recorded == null || !Files.exists(recorded)) {
            return GetInsightRuleReportResponse.builder().keyLabels("PartitionKey").aggregationStatistic("Sum")
                    .aggregateValue(0.0).approximateUniqueCount(0L).contributors(List.of()).build();
        }
        JsonNode report;
        try {
            report = JSON.readTree(recorded.toFile());
        } catch (IOException e) {
            throw new SandboxException("cannot read recorded insight rule report " + recorded + ": " + e.getMessage());
        }
        Instant created = Instant.ofEpochMilli(Long.parseLong(rule.group(3))).truncatedTo(ChronoUnit.MINUTES);
        return replay(report, created, request);
    }

    /** The AWS CLI's output of get-insight-rule-report (member names as in the API), replayed for the request. */
    private GetInsightRuleReportResponse replay(JsonNode report, Instant created, GetInsightRuleReportRequest request) {
        Set<Instant> recordedMinutes = new HashSet<>();
        report.path("Contributors").forEach(c -> c.path("Datapoints")
                .forEach(p -> recordedMinutes.add(Instant.parse(p.path("Timestamp").asText()))));
        if (recordedMinutes.isEmpty()) {
            throw new SandboxException("recorded insight rule report without datapoints");
        }
        Duration shift = Duration.between(recordedMinutes.stream().min(Comparator.naturalOrder()).orElseThrow(), created);
        Instant now = clock.instant();
        Set<Instant> countedMinutes = new HashSet<>();
        double listed = 0;
        double counted = 0;
        List<Ranked> ranked = new ArrayList<>();
        for (JsonNode contributor : report.path("Contributors")) {
            listed += contributor.path("ApproximateAggregateValue").asDouble();
            // One datapoint per period, as CloudWatch aggregates a rule's values over the Period asked.
            NavigableMap<Instant, Double> periods = new TreeMap<>();
            for (JsonNode point : contributor.path("Datapoints")) {
                Instant recordedAt = Instant.parse(point.path("Timestamp").asText());
                Instant at = recordedAt.plus(shift);
                if (!at.isBefore(request.startTime()) && at.isBefore(request.endTime()) && !at.isAfter(now)) {
                    countedMinutes.add(recordedAt);
                    long period = request.period();
                    periods.merge(Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), period) * period),
                            point.path("ApproximateValue").asDouble(), Double::sum);
                }
            }
            if (periods.isEmpty()) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            contributor.path("Keys").forEach(k -> keys.add(k.asText()));
            double sum = periods.values().stream().mapToDouble(Double::doubleValue).sum();
            double maximum = periods.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            counted += sum;
            ranked.add(new Ranked(InsightRuleContributor.builder()
                    .keys(keys)
                    .approximateAggregateValue(sum)
                    .datapoints(periods.entrySet().stream().map(p -> InsightRuleContributorDatapoint.builder()
                            .timestamp(p.getKey()).approximateValue(p.getValue()).build()).toList())
                    .build(), "Maximum".equals(request.orderBy()) ? maximum : sum));
        }
        // The recording lists the top contributors only; the rest of its AggregateValue (the long tail) is
        // taken as spread evenly over the recorded minutes, so a window gets its share of it.
        double tail = Math.max(0, report.path("AggregateValue").asDouble() - listed);
        double aggregate = counted + tail * countedMinutes.size() / recordedMinutes.size();
        int limit = request.maxContributorCount() == null ? DEFAULT_CONTRIBUTOR_COUNT : request.maxContributorCount();
        List<String> labels = new ArrayList<>();
        report.path("KeyLabels").forEach(l -> labels.add(l.asText()));
        return GetInsightRuleReportResponse.builder()
                .keyLabels(labels)
                .aggregationStatistic(report.path("AggregationStatistic").asText("Sum"))
                .aggregateValue(aggregate)
                .approximateUniqueCount(ranked.isEmpty() ? 0L : report.path("ApproximateUniqueCount").asLong())
                .contributors(ranked.stream()
                        .sorted(Comparator.comparingDouble(Ranked::rank).reversed())
                        .limit(limit)
                        .map(Ranked::contributor)
                        .toList())
                .build();
    }

    /**
     * A contributor and what OrderBy ranks it by: Sum, its total over the window; Maximum, its largest
     * single-period value. Its ApproximateAggregateValue stays the rule's Sum either way.
     */
    private record Ranked(InsightRuleContributor contributor, double rank) {}

    /** The request checks GetInsightRuleReport makes. */
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetInsightRuleReport.html
    private static void validate(GetInsightRuleReportRequest request) {
        require(request.ruleName(), "RuleName");
        require(request.startTime(), "StartTime");
        require(request.endTime(), "EndTime");
        require(request.period(), "Period");
        if (!RULE_NAME.matcher(request.ruleName()).matches()) {
            throw invalid("The value for parameter RuleName must be 1 to 128 printable ASCII characters.");
        }
        if (!request.startTime().isBefore(request.endTime())) {
            throw invalid("The parameter StartTime must be less than the parameter EndTime.");
        }
        if (request.period() < 1) {
            throw invalid("The parameter Period must be at least 1.");
        }
        Integer count = request.maxContributorCount();
        if (count != null && (count < 1 || count > MAX_CONTRIBUTOR_COUNT)) {
            throw invalid("The value " + count + " for parameter MaxContributorCount is invalid: the range is 1 to "
                    + MAX_CONTRIBUTOR_COUNT + ".");
        }
        if (request.orderBy() != null && !List.of("Sum", "Maximum").contains(request.orderBy())) {
            throw invalid("The value " + request.orderBy() + " for parameter OrderBy is invalid: valid values are Sum and Maximum.");
        }
    }

    private static Map<String, String> dimensions(Metric metric) {
        Map<String, String> dimensions = new TreeMap<>();
        metric.dimensions().forEach((Dimension d) -> dimensions.put(d.name(), d.value()));
        return dimensions;
    }

    private static String key(String metricName, Map<String, String> dimensions) {
        return metricName + new TreeMap<>(dimensions);
    }

    private static void require(Object value, String parameter) {
        if (value == null) {
            throw missing(parameter);
        }
    }

    private static MissingRequiredParameterException missing(String parameter) {
        String message = "The parameter " + parameter + " is required.";
        return MissingRequiredParameterException.builder().message(message)
                .awsErrorDetails(details("MissingParameter", message)).statusCode(400).build();
    }

    private static InvalidParameterValueException invalid(String message) {
        return InvalidParameterValueException.builder().message(message)
                .awsErrorDetails(details("InvalidParameterValue", message)).statusCode(400).build();
    }

    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder().serviceName("CloudWatch").errorCode(code).errorMessage(message).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
