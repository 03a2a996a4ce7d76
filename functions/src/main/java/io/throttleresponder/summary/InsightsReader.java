package io.throttleresponder.summary;

import io.throttleresponder.respond.ResourceId;
import java.time.Instant;
import java.util.List;

/** Reads Contributor Insights: the rules of a table or index, and one rule's report. */
public interface InsightsReader {

    /**
     * The rule names DescribeContributorInsights lists; empty when Contributor Insights is off.
     *
     * @throws io.throttleresponder.respond.TableNotFoundException when the table or index no longer exists
     */
    List<String> ruleNames(ResourceId resource);

    InsightRuleReport report(String ruleName, Instant from, Instant to);
}
