package io.throttleresponder.sandbox;

import static io.throttleresponder.sandbox.InMemoryCloudWatch.invalid;
import static io.throttleresponder.sandbox.InMemoryCloudWatch.require;

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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributor;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributorDatapoint;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;

/**
 * GetInsightRuleReport for {@link InMemoryCloudWatch}: replays the recorded reports in a directory
 * ({@code <table>.<KIND>.json} or {@code <table>-<index>.<KIND>.json}, as {@code aws cloudwatch
 * get-insight-rule-report} prints them) as if the rule had been collecting since it was created.
 */
final class InsightRuleReports {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile("DynamoDBContributorInsights-(PKC|PKT|SKC|SKT)-(.+)-(\\d+)");
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetInsightRuleReport.html
    private static final int MAX_CONTRIBUTOR_COUNT = 100;
    private static final int DEFAULT_CONTRIBUTOR_COUNT = 10;
    private static final Pattern RULE_NAME = Pattern.compile("[\\x20-\\x7E]{1,128}");

    private final Path insightsDirectory;
    private final Clock clock;

    /** @param insightsDirectory where the recorded insight rule reports are; null for none */
    InsightRuleReports(Path insightsDirectory, Clock clock) {
        this.insightsDirectory = insightsDirectory;
        this.clock = clock;
    }

    /**
     * The recorded report replayed from the rule's creation: the recording's first minute is the minute the
     * rule was created (its name ends with that time in epoch milliseconds), later minutes follow at the same
     * distance. Only the datapoints in [StartTime, EndTime) and not after now count; a rule with no recording
     * has no contributors yet, as a freshly enabled rule does.
     */
    GetInsightRuleReportResponse report(GetInsightRuleReportRequest request) {
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
}
