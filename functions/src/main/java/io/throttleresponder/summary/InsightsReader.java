package io.throttleresponder.summary;

import io.throttleresponder.model.ResourceId;
import java.time.Instant;
import java.util.List;

/** Reads Contributor Insights: the rules of a table or index, and one rule's report. */
public interface InsightsReader {

    /**
     * The rule names DescribeContributorInsights lists; empty when Contributor Insights is off.
     *
     * @throws io.throttleresponder.evidence.TableNotFoundException when the table or index no longer exists
     */
    List<String> ruleNames(ResourceId resource);

    InsightRuleReport report(String ruleName, Instant from, Instant to);
}
