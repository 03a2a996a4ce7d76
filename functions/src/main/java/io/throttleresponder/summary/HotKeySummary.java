package io.throttleresponder.summary;

import io.throttleresponder.model.ResourceId;
import java.util.List;

/**
 * The ranked keys of one Contributor Insights rule with the skew they show and what to do about it.
 * {@code topShare} is the top key's share of the total, {@code top10Share} the first ten's.
 */
public record HotKeySummary(
        ResourceId resource,
        String rule,
        RuleKind kind,
        List<RankedKey> topKeys,
        double total,
        double topShare,
        double top10Share,
        String recommendation) {

    public HotKeySummary {
        topKeys = List.copyOf(topKeys);
    }
}
