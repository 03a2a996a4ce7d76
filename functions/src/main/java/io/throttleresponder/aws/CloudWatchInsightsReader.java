package io.throttleresponder.aws;

import io.throttleresponder.model.ResourceId;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.summary.InsightRuleReport;
import io.throttleresponder.summary.InsightsReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributorDatapoint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** DescribeContributorInsights names the rules; CloudWatch GetInsightRuleReport reads them. */
public final class CloudWatchInsightsReader implements InsightsReader {

    /** Ten keys is what a person reads; DynamoDB rules report at one-minute granularity. */
    static final int MAX_CONTRIBUTORS = 10;
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final DynamoDbClient dynamoDb;
    private final CloudWatchClient cloudWatch;

    public CloudWatchInsightsReader(DynamoDbClient dynamoDb, CloudWatchClient cloudWatch) {
        this.dynamoDb = dynamoDb;
        this.cloudWatch = cloudWatch;
    }

    @Override
    public List<String> ruleNames(ResourceId resource) {
        DescribeContributorInsightsResponse insights;
        try {
            insights = dynamoDb.describeContributorInsights(r -> r.tableName(resource.table()).indexName(resource.index()));
        } catch (ResourceNotFoundException e) {
            throw new TableNotFoundException(resource.toString());
        }
        return "ENABLED".equals(insights.contributorInsightsStatusAsString()) && insights.hasContributorInsightsRuleList()
                ? insights.contributorInsightsRuleList()
                : List.of();
    }

    @Override
    public InsightRuleReport report(String ruleName, Instant from, Instant to) {
        // Sum ranks keys by their total over the window; the datapoints give each key's peak minute.
        GetInsightRuleReportResponse report = cloudWatch.getInsightRuleReport(r -> r
                .ruleName(ruleName)
                .startTime(from)
                .endTime(to)
                .period((int) PERIOD.toSeconds())
                .maxContributorCount(MAX_CONTRIBUTORS)
                .orderBy("Sum"));
        List<InsightRuleReport.Contributor> contributors = report.contributors().stream()
                .map(c -> new InsightRuleReport.Contributor(c.keys(), value(c.approximateAggregateValue()),
                        c.datapoints().stream().map(InsightRuleContributorDatapoint::approximateValue)
                                .mapToDouble(CloudWatchInsightsReader::value).max().orElse(0)))
                .toList();
        return new InsightRuleReport(ruleName, report.keyLabels(), value(report.aggregateValue()),
                (int) PERIOD.toSeconds(), contributors);
    }

    private static double value(Double value) {
        return value == null ? 0 : value;
    }
}
