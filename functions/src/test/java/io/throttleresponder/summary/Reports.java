package io.throttleresponder.summary;

import io.throttleresponder.model.ResourceId;
import java.util.ArrayList;
import java.util.List;

/** Small builders of GetInsightRuleReport answers for the summary tests. */
final class Reports {

    static final ResourceId ORDERS = ResourceId.table("orders");
    static final String PKT = "DynamoDBContributorInsights-PKT-orders-1700000000000";
    static final String PKC = "DynamoDBContributorInsights-PKC-orders-1700000000000";
    static final String SKT = "DynamoDBContributorInsights-SKT-orders-1700000000000";
    static final int PERIOD = 60;

    private Reports() {}

    /** A partition-key contributor; {@code peakPerPeriod} is its largest datapoint per {@link #PERIOD} seconds. */
    static InsightRuleReport.Contributor pk(String key, double value, double peakPerPeriod) {
        return new InsightRuleReport.Contributor(List.of(key), value, peakPerPeriod);
    }

    static InsightRuleReport.Contributor pk(String key, double value) {
        return pk(key, value, 0);
    }

    static InsightRuleReport.Contributor sk(String pk, String sk, double value, double peakPerPeriod) {
        return new InsightRuleReport.Contributor(List.of(pk, sk), value, peakPerPeriod);
    }

    static InsightRuleReport report(String rule, double total, InsightRuleReport.Contributor... contributors) {
        List<String> labels = rule.contains("-SK") ? List.of("pk", "sk") : List.of("pk");
        return new InsightRuleReport(rule, labels, total, PERIOD, List.of(contributors));
    }

    /** Ten keys k00..k09 of equal value 40 out of 1,000: top key 4 %, top 10 40 %. */
    static InsightRuleReport spread(String rule) {
        List<InsightRuleReport.Contributor> contributors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            contributors.add(pk(String.format("k%02d", i), 40, 40));
        }
        return new InsightRuleReport(rule, List.of("pk"), 1000, PERIOD, contributors);
    }

    /** user#42 620, user#7 200, user#300 120 of 1,000; user#42 peaks at 144,000 per minute = 2,400/s. */
    static InsightRuleReport dominant(String rule) {
        return report(rule, 1000, pk("user#7", 200, 9_000), pk("user#42", 620, 144_000), pk("user#300", 120, 6_000));
    }
}
