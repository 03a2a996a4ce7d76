package io.throttleresponder.summary;

import io.throttleresponder.contract.KeyMasking;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Turns one GetInsightRuleReport answer into a ranked, skew-measured, recommended summary. Pure. */
public final class HotKeyAnalysis {

    /** How many keys a summary keeps (and sums for {@code top10Share}). */
    public static final int TOP_KEYS = 10;
    /** Joins a contributor's keys: partition key, or partition key | sort key for SK rules. */
    public static final String KEY_SEPARATOR = " | ";

    private HotKeyAnalysis() {}

    /**
     * Ranks the report's contributors by value, descending (ties by key text, ascending), and keeps the
     * first {@value #TOP_KEYS}. A key's share is its value over the report's aggregate value (all
     * contributors, not only the listed ones); a total of 0 gives every share 0.
     *
     * @param operation the throttled dimension, or null to recommend from the rule alone
     * @param maskKeys replace every key, in the ranked keys and in the recommendation, by {@link KeyMasking#mask}
     * @throws IllegalArgumentException if the rule is not a DynamoDB Contributor Insights rule, or the
     *     report has contributors but no positive period
     */
    public static HotKeySummary summarize(ResourceId resource, Operation operation, InsightRuleReport report, boolean maskKeys) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(report, "report");
        String rule = report.ruleName();
        RuleKind kind = (rule == null ? java.util.Optional.<RuleKind>empty() : RuleKind.ofRuleName(rule))
                .orElseThrow(() -> new IllegalArgumentException(
                        "not a DynamoDB Contributor Insights rule: " + rule));
        if (!report.contributors().isEmpty() && report.periodSeconds() <= 0) {
            throw new IllegalArgumentException("rule " + rule + ": period must be positive, was " + report.periodSeconds());
        }

        double total = report.aggregateValue();
        boolean measurable = total > 0 && Double.isFinite(total);
        List<Ranked> ranked = report.contributors().stream()
                .map(c -> new Ranked(String.join(KEY_SEPARATOR, c.keys()), c))
                .sorted(Comparator.comparingDouble((Ranked r) -> r.contributor().value()).reversed()
                        .thenComparing(Ranked::key))
                .limit(TOP_KEYS)
                .toList();

        List<RankedKey> topKeys = new ArrayList<>(ranked.size());
        double top10Share = 0;
        for (Ranked r : ranked) {
            double share = measurable ? r.contributor().value() / total : 0;
            top10Share += share;
            topKeys.add(new RankedKey(maskKeys ? KeyMasking.mask(r.key()) : r.key(), r.contributor().value(), share));
        }
        double topShare = topKeys.isEmpty() ? 0 : topKeys.get(0).share();
        double topRate = ranked.isEmpty() ? 0 : ranked.get(0).contributor().peakPerPeriod() / report.periodSeconds();

        String recommendation = Recommendations.recommend(kind, operation, topKeys, measurable ? total : 0,
                topShare, top10Share, topRate);
        return new HotKeySummary(resource, rule, kind, topKeys, total, topShare, top10Share, recommendation);
    }

    private record Ranked(String key, InsightRuleReport.Contributor contributor) {}
}
