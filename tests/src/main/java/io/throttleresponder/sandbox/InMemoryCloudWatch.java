package io.throttleresponder.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmContributorsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmContributorsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
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
 * as if the rule had been collecting since it was created. The client's calls and their request checks
 * are here; what they answer from is in {@link MetricStore}, {@link AlarmStates} and {@link InsightRuleReports}.
 */
public final class InMemoryCloudWatch implements CloudWatchClient {

    public static final String NAMESPACE = "AWS/DynamoDB";
    public static final String STATISTIC = "Sum";
    public static final int PERIOD_SECONDS = 60;

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html
    private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    private static final int MAX_QUERIES = 500;
    // The statistics and extended statistics GetMetricData takes:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
    private static final Pattern STATISTICS = Pattern.compile("SampleCount|Average|Sum|Minimum|Maximum|IQM"
            + "|(?i:p|tm|wm|tc|ts)(100|\\d{1,2}(\\.\\d+)?)"
            + "|(?i:tm|wm|tc|ts|pr)\\(\\s*\\d*(\\.\\d+)?%?\\s*:\\s*\\d*(\\.\\d+)?%?\\s*\\)");

    private final MetricStore metrics;
    private final AlarmStates alarms;
    private final InsightRuleReports insightRuleReports;
    private final Faults faults;

    /** @param insightsDirectory where the recorded insight rule reports are; null for none */
    public InMemoryCloudWatch(Path insightsDirectory, Faults faults, Clock clock) {
        this.metrics = new MetricStore(clock);
        this.alarms = new AlarmStates(clock);
        this.insightRuleReports = new InsightRuleReports(insightsDirectory, clock);
        this.faults = faults;
    }

    public void setAlarmState(String alarmName, StateValue state) {
        alarms.put(alarmName, state);
    }

    /** A state set with SetAlarmState: CloudWatch invokes the new state's actions when it differs from the old. */
    public record SetState(String alarmName, StateValue from, StateValue to, String reason, Instant at) {}

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
        if (!alarms.exists(request.alarmName())) {
            String message = "Alarm " + request.alarmName() + " does not exist";
            throw ResourceNotFoundException.builder().message(message)
                    .awsErrorDetails(details("ResourceNotFound", message)).statusCode(404).build();
        }
        alarms.set(request.alarmName(), request.stateValue(), request.stateReason());
        return SetAlarmStateResponse.builder().build();
    }

    /** The state changes made with SetAlarmState since the last call, in order. */
    public List<SetState> drainSetStates() {
        return alarms.drainSetStates();
    }

    /** Someone deletes (or renames) alarms: DescribeAlarms no longer returns them. */
    @Override
    public DeleteAlarmsResponse deleteAlarms(DeleteAlarmsRequest request) {
        alarms.delete(request.alarmNames());
        return DeleteAlarmsResponse.builder().build();
    }

    /**
     * One contributor of a Metrics Insights alarm changes state; the alarm is in ALARM while any of its
     * contributors is, else OK.
     */
    public void setContributorState(String alarmName, String contributorId, StateValue state) {
        alarms.setContributorState(alarmName, contributorId, state);
    }

    /** A contributor's state; a contributor CloudWatch has not seen yet is OK (contributors are ALARM or OK only). */
    public StateValue contributorState(String alarmName, String contributorId) {
        return alarms.contributorState(alarmName, contributorId);
    }

    /** The contributors in ALARM, one page; an alarm this stand-in does not know is ResourceNotFoundException. */
    @Override
    public DescribeAlarmContributorsResponse describeAlarmContributors(DescribeAlarmContributorsRequest request) {
        faults.check("DescribeAlarmContributors", null);
        if (!alarms.exists(request.alarmName())) {
            throw software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException.builder()
                    .message("Alarm " + request.alarmName() + " does not exist").statusCode(404).build();
        }
        return DescribeAlarmContributorsResponse.builder().alarmContributors(alarms.contributorsInAlarm(request.alarmName())).build();
    }

    @Override
    public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
        faults.check("DescribeAlarms", null);
        return DescribeAlarmsResponse.builder().metricAlarms(alarms.describe(request.alarmNames())).build();
    }

    /** An alarm's state as CloudWatch holds it; a new alarm's is INSUFFICIENT_DATA. */
    public StateValue alarmState(String alarmName) {
        return alarms.alarmState(alarmName);
    }

    /**
     * Serves {@code metricName} (AWS/DynamoDB, no dimensions) with one datapoint, the latest whole period
     * before now, computed when asked: for the account's metrics, which the sandbox derives from its tables.
     */
    public void gauge(String metricName, String statistic, int periodSeconds, Supplier<Double> value) {
        metrics.gauge(metricName, statistic, periodSeconds, value);
    }

    /**
     * From the minute holding {@code from} on, every one-minute period of the AWS/DynamoDB metric reports
     * {@code perMinuteSum} as its Sum, e.g. ("WriteKeyRangeThroughputThrottleEvents", {TableName=orders}).
     * What was set for later minutes is replaced.
     */
    public void set(String metricName, Map<String, String> dimensions, Instant from, double perMinuteSum) {
        metrics.set(metricName, dimensions, from, perMinuteSum);
    }

    /**
     * From the minute holding {@code from} on, the metric has no datapoint: what DynamoDB publishes for a
     * throttle metric in a minute without throttling (0 stays a published zero, see {@link #set}).
     */
    public void stop(String metricName, Map<String, String> dimensions, Instant from) {
        metrics.stop(metricName, dimensions, from);
    }

    /**
     * One datapoint of the AWS/DynamoDB metric, for the period starting at {@code timestamp} only: how
     * DynamoDB publishes Provisioned*CapacityUnits, every 5 minutes.
     */
    public void publish(String metricName, Map<String, String> dimensions, Instant timestamp, double value) {
        metrics.publish(metricName, dimensions, timestamp, value);
    }

    /**
     * The 1-minute datapoint of an AWS/DynamoDB metric for the minute starting at {@code minute}, as an alarm
     * reads it: the published one, else the series set for that minute; empty when none was published then.
     * The sandbox holds one value per minute, whatever the statistic; other namespaces and periods have none.
     */
    public Optional<Double> datapoint(String namespace, String metricName, Map<String, String> dimensions, int periodSeconds,
                                      Instant minute) {
        return metrics.datapoint(namespace, metricName, dimensions, periodSeconds, minute);
    }

    /**
     * The dimensions of every AWS/DynamoDB series of {@code metricName} whose dimension names are exactly
     * {@code dimensionNames}: what a Metrics Insights {@code SCHEMA("AWS/DynamoDB", ...)} reads.
     */
    public List<Map<String, String>> seriesWithDimensions(String metricName, Set<String> dimensionNames) {
        return metrics.seriesWithDimensions(metricName, dimensionNames);
    }

    /**
     * The per-minute Sums of the last {@code values.size()} minutes, the last value being the clock's
     * current minute's; like {@link #set}, the last value goes on in the minutes after.
     */
    public void put(String metricName, Map<String, String> dimensions, List<Double> values) {
        metrics.put(metricName, dimensions, values);
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
            metrics.datapoints(query.metricStat(), request.startTime(), request.endTime()).forEach((minute, sum) -> {
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
        return insightRuleReports.report(request);
    }

    static void require(Object value, String parameter) {
        if (value == null) {
            throw missing(parameter);
        }
    }

    private static MissingRequiredParameterException missing(String parameter) {
        String message = "The parameter " + parameter + " is required.";
        return MissingRequiredParameterException.builder().message(message)
                .awsErrorDetails(details("MissingParameter", message)).statusCode(400).build();
    }

    static InvalidParameterValueException invalid(String message) {
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
