package io.throttleresponder.summary;

import io.throttleresponder.model.Operation;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What to do about the keys of one Contributor Insights rule. Pure. It only ever sees the keys as
 * they will be shown (already masked when the policy masks keys), so it cannot leak a raw key.
 *
 * <p>Branches:
 * <ul>
 *   <li>no contributors (or a zero total): Contributor Insights may still be collecting;
 *   <li>spread load (top key under {@link #CONCENTRATED_TOP_SHARE} and top 10 under
 *       {@link #CONCENTRATED_TOP10_SHARE}): capacity, not key design;
 *   <li>concentrated and WRITE: write sharding with a suffix count from the top key's peak rate;
 *   <li>concentrated and READ: a cache in front of the hot keys, the only fix above 3,000 reads/s;
 *   <li>concentrated, operation unknown: both, each conditioned on what the requests are (the rules
 *       count reads and writes together, so the rule alone cannot tell).
 * </ul>
 */
public final class Recommendations {

    /**
     * A key taking at least a fifth of the rule's total is "hot": with that share one partition
     * serves the key at a rate the rest of the table cannot absorb, and even five such keys would
     * carry the whole load, so key design (sharding, caching) is where the fix is.
     */
    public static final double CONCENTRATED_TOP_SHARE = 0.2;
    /** Ten keys carrying half the total is a hot set even when no single key reaches the top-key threshold. */
    public static final double CONCENTRATED_TOP10_SHARE = 0.5;
    /** DynamoDB's per-partition limits (the same figures as the planner's). */
    public static final double PARTITION_WRITE_LIMIT = 1_000;
    public static final double PARTITION_READ_LIMIT = 3_000;
    /** Each write shard is sized to stay under this fraction of the partition write limit. */
    public static final double SHARD_TARGET_FRACTION = 0.8;
    /** The fewest suffixes worth the change to the access pattern. */
    public static final int MIN_SUFFIXES = 2;
    /** Keys named besides the top one (as the "hot set") when they reach this share... */
    static final double HOT_SET_MIN_SHARE = 0.05;
    /** ...up to this many keys in all. */
    static final int HOT_SET_MAX = 3;

    private Recommendations() {}

    /** Whether the load is concentrated on few keys (key design is the fix) rather than spread (capacity is). */
    public static boolean concentrated(double topShare, double top10Share) {
        return topShare >= CONCENTRATED_TOP_SHARE || top10Share >= CONCENTRATED_TOP10_SHARE;
    }

    /**
     * How many random suffixes a write-hot key needs so each shard stays under 80 % of the 1,000 WCU
     * a partition accepts per second: {@code max(2, ceil(rate / 800))}. The count is a floor: the rate
     * counts requests, and a write of an item over 1 KB (or a transactional write) uses more than one
     * unit (multiply by the item size in KB for large items); and a throttled-keys rule (PKT, SKT)
     * sees only the throttled part of a key's writes, not the ones the partition served. A rate that
     * is unknown (0, negative or not finite) gives the minimum.
     */
    public static int writeShardSuffixes(double writesPerSecond) {
        if (!(writesPerSecond > 0) || Double.isInfinite(writesPerSecond)) {
            return MIN_SUFFIXES;
        }
        double perShard = SHARD_TARGET_FRACTION * PARTITION_WRITE_LIMIT;
        return (int) Math.max(MIN_SUFFIXES, Math.ceil(writesPerSecond / perShard));
    }

    /**
     * The recommendation for one rule.
     *
     * @param kind the rule's kind (what it counts, whether keys are partition or partition | sort)
     * @param operation the throttled dimension from the alarm, or null when unknown
     * @param topKeys the ranked keys, best first, as they will be shown (masked if masking is on)
     * @param total the rule's aggregate value
     * @param topShare the top key's share of the total
     * @param top10Share the first ten keys' share of the total
     * @param topKeyPeakPerSecond the top key's peak rate (requests per second), 0 when unknown
     */
    public static String recommend(RuleKind kind, Operation operation, List<RankedKey> topKeys, double total,
            double topShare, double top10Share, double topKeyPeakPerSecond) {
        if (topKeys.isEmpty()) {
            return "no contributors yet: Contributor Insights may still be collecting (it needs a few minutes"
                    + " after it is enabled, and in THROTTLED_KEYS mode it only records keys while requests are throttled).";
        }
        if (!(total > 0)) {
            return "no load recorded yet (total 0): Contributor Insights may still be collecting.";
        }
        String requests = Figures.requests(kind);
        if (!concentrated(topShare, top10Share)) {
            return "no single key dominates: more capacity (or auto scaling headroom) is the fix, not key design (top key "
                    + Figures.percent(topShare) + ", top 10 " + Figures.percent(top10Share) + " of " + requests + ").";
        }
        String top = KeyText.code(topKeys.get(0).key());
        String headline = topShare >= CONCENTRATED_TOP_SHARE
                ? "Key " + top + " takes " + Figures.percent(topShare) + " of " + requests
                        + " (top 10: " + Figures.percent(top10Share) + ")"
                : "No single key dominates, but the top 10 keys take " + Figures.percent(top10Share) + " of "
                        + requests + " (top key " + top + ": " + Figures.percent(topShare) + ")";
        List<RankedKey> hotSet = hotSet(topKeys);
        if (operation == Operation.WRITE) {
            return headline + rate(topKeyPeakPerSecond, kind, "writes") + ". " + sharding(kind, topKeys, hotSet, topKeyPeakPerSecond);
        }
        if (operation == Operation.READ) {
            return headline + rate(topKeyPeakPerSecond, kind, "reads") + ". " + caching(hotSet, topKeyPeakPerSecond);
        }
        return headline + rate(topKeyPeakPerSecond, kind, "requests")
                + ". If they are writes: " + lowerFirst(sharding(kind, topKeys, hotSet, topKeyPeakPerSecond))
                + " If they are reads: " + lowerFirst(caching(hotSet, topKeyPeakPerSecond));
    }

    private static String sharding(RuleKind kind, List<RankedKey> topKeys, List<RankedKey> hotSet, double ratePerSecond) {
        int n = writeShardSuffixes(ratePerSecond);
        String target = (kind.sortKey() ? "the partition key of " : "") + KeyText.code(topKeys.get(0).key());
        StringBuilder text = new StringBuilder("Write sharding: append a random suffix 0.." + (n - 1) + " to " + target
                + " and read all " + n + " with a parallel query/BatchGetItem. " + n
                + " suffixes keep each shard under " + Math.round(SHARD_TARGET_FRACTION * 100) + " % of the "
                + Figures.number(PARTITION_WRITE_LIMIT) + " WCU/s one partition accepts; it is a floor, since a write"
                + " of an item over 1 KB uses more than one unit"
                + (kind.throttled() ? " and this rule counts only the throttled writes" : "") + ".");
        if (hotSet.size() > 1) {
            text.append(" Shard ").append(names(hotSet.subList(1, hotSet.size()))).append(" the same way.");
        }
        return text.toString();
    }

    private static String caching(List<RankedKey> hotSet, double ratePerSecond) {
        String text = "Put a cache (DAX or an application cache) in front of " + names(hotSet) + ".";
        if (ratePerSecond > PARTITION_READ_LIMIT) {
            text += " At " + Figures.number(Math.ceil(ratePerSecond)) + " reads/s the top key exceeds the "
                    + Figures.number(PARTITION_READ_LIMIT) + " RCU/s one partition serves: a cache is the only fix,"
                    + " more table capacity does not raise a partition's limit.";
        }
        return text;
    }

    /** The top key, and the next keys up to {@link #HOT_SET_MAX} that each reach {@link #HOT_SET_MIN_SHARE}. */
    static List<RankedKey> hotSet(List<RankedKey> topKeys) {
        List<RankedKey> rest = topKeys.stream().skip(1).limit(HOT_SET_MAX - 1)
                .takeWhile(k -> k.share() >= HOT_SET_MIN_SHARE).toList();
        return Stream.concat(Stream.of(topKeys.get(0)), rest.stream()).toList();
    }

    private static String names(List<RankedKey> keys) {
        return keys.stream().map(k -> KeyText.code(k.key())).collect(Collectors.joining(", "));
    }

    private static String rate(double ratePerSecond, RuleKind kind, String unit) {
        return ratePerSecond > 0
                ? ", peaking at " + Figures.number(Math.ceil(ratePerSecond)) + (kind.throttled() ? " throttled " : " ")
                        + unit + "/s"
                : " (peak rate unknown)";
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
