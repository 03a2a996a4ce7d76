package io.throttleresponder.summary;

import java.util.List;

/**
 * What GetInsightRuleReport returned for one rule over the incident window. {@code aggregateValue}
 * is the total over all contributors, not only the listed ones; {@code peakPerPeriod} is a
 * contributor's largest datapoint, per {@code periodSeconds}.
 */
public record InsightRuleReport(
        String ruleName,
        List<String> keyLabels,
        double aggregateValue,
        int periodSeconds,
        List<Contributor> contributors) {

    public InsightRuleReport {
        keyLabels = List.copyOf(keyLabels);
        contributors = List.copyOf(contributors);
    }

    public record Contributor(List<String> keys, double value, double peakPerPeriod) {
        public Contributor {
            keys = List.copyOf(keys);
        }
    }
}
