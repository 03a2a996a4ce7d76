package io.throttleresponder.summary;

import static io.throttleresponder.summary.Reports.ORDERS;
import static io.throttleresponder.summary.Reports.PERIOD;
import static io.throttleresponder.summary.Reports.PKC;
import static io.throttleresponder.summary.Reports.PKT;
import static io.throttleresponder.summary.Reports.SKT;
import static io.throttleresponder.summary.Reports.dominant;
import static io.throttleresponder.summary.Reports.pk;
import static io.throttleresponder.summary.Reports.report;
import static io.throttleresponder.summary.Reports.sk;
import static io.throttleresponder.summary.Reports.spread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.throttleresponder.contract.KeyMasking;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HotKeyAnalysisTest {

    private static final double EXACT = 1e-12;

    private static List<String> keys(HotKeySummary summary) {
        return summary.topKeys().stream().map(RankedKey::key).toList();
    }

    @Test
    void summarize_ranksByValueDescending_tiesByKeyAscending() {
        InsightRuleReport report = report(PKT, 20, pk("b", 5), pk("d", 1), pk("c", 9), pk("a", 5));

        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false);

        assertThat(keys(summary)).containsExactly("c", "a", "b", "d");
        assertThat(summary.topKeys()).extracting(RankedKey::value).containsExactly(9.0, 5.0, 5.0, 1.0);
    }

    @Test
    void summarize_sharesAreValueOverAggregate_andSkewFiguresAreExact() {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, dominant(PKT), false);

        assertThat(summary.resource()).isEqualTo(ORDERS);
        assertThat(summary.rule()).isEqualTo(PKT);
        assertThat(summary.kind()).isEqualTo(RuleKind.PKT);
        assertThat(summary.total()).isEqualTo(1000.0);
        assertThat(summary.topKeys()).containsExactly(
                new RankedKey("user#42", 620, 0.62), new RankedKey("user#7", 200, 0.2), new RankedKey("user#300", 120, 0.12));
        assertThat(summary.topShare()).isEqualTo(0.62);
        assertThat(summary.top10Share()).isCloseTo(0.94, within(EXACT));
    }

    @Test
    void summarize_sharesUseAggregateValue_notTheSumOfListedContributors() {
        // CloudWatch lists only the top contributors; the aggregate counts all of them.
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE,
                report(PKT, 400, pk("a", 100), pk("b", 100)), false);

        assertThat(summary.topShare()).isEqualTo(0.25);
        assertThat(summary.top10Share()).isEqualTo(0.5);
    }

    @Test
    void summarize_keepsTheTop10Keys_andTop10ShareSumsOnlyThem() {
        List<InsightRuleReport.Contributor> contributors = new ArrayList<>();
        for (int value = 1; value <= 12; value++) {
            contributors.add(pk("k" + value, value));
        }
        InsightRuleReport report = new InsightRuleReport(PKT, List.of("pk"), 78, PERIOD, contributors);

        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false);

        assertThat(keys(summary)).containsExactly("k12", "k11", "k10", "k9", "k8", "k7", "k6", "k5", "k4", "k3");
        assertThat(summary.topShare()).isCloseTo(12.0 / 78, within(EXACT));
        assertThat(summary.top10Share()).isCloseTo(75.0 / 78, within(EXACT)); // 12 + 11 + ... + 3 = 75
        assertThat(summary.total()).isEqualTo(78.0);
    }

    @Test
    void summarize_whenTotalIsZero_sharesAreZeroAndNothingDividesByZero() {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE,
                report(PKT, 0, pk("a", 0), pk("b", 0)), false);

        assertThat(summary.topKeys()).extracting(RankedKey::share).containsExactly(0.0, 0.0);
        assertThat(summary.topShare()).isZero();
        assertThat(summary.top10Share()).isZero();
        assertThat(summary.recommendation()).startsWith("no load recorded yet (total 0)")
                .contains("Contributor Insights may still be collecting");
    }

    @Test
    void summarize_whenTotalIsZeroButContributorsHaveValues_sharesAreStillZero() {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.READ, report(PKT, 0, pk("a", 5)), false);

        assertThat(summary.topShare()).isZero();
        assertThat(summary.topKeys().get(0).share()).isZero();
        assertThat(summary.topShare()).isNotNaN();
    }

    @Test
    void summarize_whenNoContributors_saysInsightsMayStillBeCollecting() {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report(PKT, 0), false);

        assertThat(summary.topKeys()).isEmpty();
        assertThat(summary.topShare()).isZero();
        assertThat(summary.top10Share()).isZero();
        assertThat(summary.recommendation())
                .startsWith("no contributors yet: Contributor Insights may still be collecting");
    }

    @Test
    void summarize_whenNoContributorsAndNoPeriod_isStillASummary() {
        InsightRuleReport empty = new InsightRuleReport(PKT, List.of("pk"), 0, 0, List.of());

        assertThat(HotKeyAnalysis.summarize(ORDERS, null, empty, false).recommendation()).startsWith("no contributors yet");
    }

    @Test
    void summarize_sortKeyRule_joinsPartitionAndSortKey() {
        InsightRuleReport report = report(SKT, 100, sk("user#42", "order#9", 70, 60_000), sk("user#42", "order#1", 30, 0));

        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false);

        assertThat(summary.kind()).isEqualTo(RuleKind.SKT);
        assertThat(keys(summary)).containsExactly("user#42 | order#9", "user#42 | order#1");
        assertThat(summary.recommendation()).contains("to the partition key of `user#42 | order#9`");
    }

    @Test
    void summarize_forAnIndex_keepsTheResource() {
        ResourceId index = new ResourceId("orders", "by-customer");
        InsightRuleReport report = report("DynamoDBContributorInsights-PKT-orders-by-customer-1700000000000", 10, pk("a", 5));

        assertThat(HotKeyAnalysis.summarize(index, Operation.READ, report, false).resource()).isEqualTo(index);
    }

    @ParameterizedTest
    @CsvSource({"orders-hot-keys", "DynamoDBContributorInsights-XYZ-orders-1", "DynamoDBContributorInsights-PKT-"})
    void summarize_unknownRuleName_throwsNamingTheRule(String rule) {
        InsightRuleReport report = new InsightRuleReport(rule, List.of("pk"), 10, PERIOD, List.of(pk("a", 5)));

        assertThatThrownBy(() -> HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule);
    }

    @Test
    void summarize_contributorsWithoutPositivePeriod_areRejected() {
        InsightRuleReport report = new InsightRuleReport(PKT, List.of("pk"), 10, 0, List.of(pk("a", 5, 5)));

        assertThatThrownBy(() -> HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PKT).hasMessageContaining("period");
    }

    @Test
    void summarize_whenOneKeyDominatesWrites_recommendsShardingWithSuffixCount() {
        // user#42: 62 % of the total, peak 144,000 per 60 s = 2,400 writes/s -> ceil(2400 / 800) = 3 suffixes
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, dominant(PKT), false);

        assertThat(summary.recommendation())
                .startsWith("Key `user#42` takes 62 % of throttled requests (top 10: 94 %), peaking at 2,400 throttled writes/s.")
                .contains("Write sharding: append a random suffix 0..2 to `user#42` and read all 3 with a parallel"
                        + " query/BatchGetItem.")
                .contains("it is a floor, since a write of an item over 1 KB uses more than one unit and this rule counts"
                        + " only the throttled writes.")
                .doesNotContain("cache");
    }

    @ParameterizedTest(name = "peak {0} per minute -> {1} suffixes")
    @CsvSource({"150000, 4, 0..3", "96000, 2, 0..1", "30000, 2, 0..1", "600000, 13, 0..12"})
    void summarize_writeSharding_suffixCountFollowsTheTopKeysPeakRate(double peakPerMinute, int suffixes, String range) {
        InsightRuleReport report = report(PKT, 1000, pk("hot", 900, peakPerMinute), pk("cold", 100, 1));

        String recommendation = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false).recommendation();

        assertThat(recommendation).contains("append a random suffix " + range + " to `hot` and read all " + suffixes + " with");
    }

    @Test
    void summarize_writeSharding_withoutPeakData_givesTheMinimumAndSaysTheRateIsUnknown() {
        InsightRuleReport report = report(PKT, 1000, pk("hot", 900, 0));

        assertThat(HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false).recommendation())
                .contains("(peak rate unknown)").contains("suffix 0..1 to `hot` and read all 2");
    }

    @Test
    void summarize_whenReadsConcentrateUnderThePartitionLimit_recommendsACacheNamingTheHotKeys() {
        // user#42 peaks at 2,400 reads/s: under 3,000, a cache helps but is not the only way
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.READ, dominant(PKT), false);

        assertThat(summary.recommendation())
                .contains("peaking at 2,400 throttled reads/s")
                .contains("Put a cache (DAX or an application cache) in front of `user#42`, `user#7`, `user#300`.")
                .doesNotContain("only fix")
                .doesNotContain("suffix");
    }

    @Test
    void summarize_whenReadsOfOneKeyExceed3000PerSecond_saysACacheIsTheOnlyFix() {
        // 240,000 per 60 s = 4,000 reads/s > 3,000 RCU/s
        InsightRuleReport report = report(PKT, 1000, pk("celebrity", 800, 240_000), pk("other", 10, 10));

        assertThat(HotKeyAnalysis.summarize(ORDERS, Operation.READ, report, false).recommendation())
                .contains("in front of `celebrity`.")
                .contains("At 4,000 reads/s the top key exceeds the 3,000 RCU/s one partition serves: a cache is the only fix");
    }

    @Test
    void summarize_readsAtExactly3000PerSecond_areNotOverTheLimit() {
        InsightRuleReport report = report(PKT, 1000, pk("k", 800, 180_000));

        assertThat(HotKeyAnalysis.summarize(ORDERS, Operation.READ, report, false).recommendation())
                .doesNotContain("only fix");
    }

    @Test
    void summarize_whenNoKeyDominates_recommendsCapacityNotKeyDesign() {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, spread(PKT), false);

        assertThat(summary.topShare()).isEqualTo(0.04);
        assertThat(summary.top10Share()).isCloseTo(0.4, within(EXACT));
        assertThat(summary.recommendation()).isEqualTo("no single key dominates: more capacity (or auto scaling headroom)"
                + " is the fix, not key design (top key 4 %, top 10 40 % of throttled requests).");
    }

    @Test
    void summarize_whenTheTop10CarryHalfButNoKeyAFifth_shardsTheHotSet() {
        InsightRuleReport report = report(PKT, 1000, pk("a", 150, 60_000), pk("b", 150, 30_000), pk("c", 100, 30_000),
                pk("d", 100, 30_000), pk("e", 40, 30_000));

        String recommendation = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, false).recommendation();

        assertThat(recommendation)
                .startsWith("No single key dominates, but the top 10 keys take 54 % of throttled requests (top key `a`: 15 %)")
                .contains("append a random suffix 0..1 to `a`")
                .contains("Shard `b`, `c` the same way.");
    }

    @Test
    void summarize_accessedRule_speaksOfRequestsNotThrottledRequests() {
        String recommendation = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, dominant(PKC), false).recommendation();

        assertThat(recommendation).contains("takes 62 % of requests").doesNotContain("throttled");
    }

    @Test
    void summarize_withoutOperation_recommendsBothFromTheRuleAlone() {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, null, dominant(PKT), false);

        assertThat(summary.recommendation())
                .contains("peaking at 2,400 throttled requests/s")
                .contains("If they are writes: write sharding: append a random suffix 0..2 to `user#42` and read all 3")
                .contains("If they are reads: put a cache (DAX or an application cache) in front of `user#42`");
    }

    @Test
    void summarize_withoutOperation_whenSpread_stillRecommendsCapacity() {
        assertThat(HotKeyAnalysis.summarize(ORDERS, null, spread(PKT), false).recommendation())
                .startsWith("no single key dominates: more capacity");
    }

    @Test
    void summarize_withMasking_replacesEveryKeyByItsLabel() {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, dominant(PKT), true);

        assertThat(keys(summary)).containsExactly(
                KeyMasking.mask("user#42"), KeyMasking.mask("user#7"), KeyMasking.mask("user#300"));
        assertThat(summary.topKeys()).extracting(RankedKey::value).containsExactly(620.0, 200.0, 120.0);
        assertThat(summary.recommendation()).contains("`key#8d5edb350690`")
                .doesNotContain("user#");
    }

    @Test
    void summarize_withMasking_noRawKeyInAnyRecommendationBranch() {
        for (Operation operation : new Operation[] {Operation.READ, Operation.WRITE, null}) {
            HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, operation, dominant(PKT), true);

            assertThat(summary.toString()).as("operation %s", operation).doesNotContain("user#");
        }
        HotKeySummary sortKeys = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE,
                report(SKT, 100, sk("alice@example.com", "order#9", 70, 60_000)), true);
        assertThat(keys(sortKeys)).containsExactly(KeyMasking.mask("alice@example.com | order#9"));
        assertThat(sortKeys.toString()).doesNotContain("alice").doesNotContain("order#9");
    }

    @Test
    void summarize_withMasking_sameKeyInTwoReports_getsTheSameLabel() {
        HotKeySummary first = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, dominant(PKT), true);
        HotKeySummary second = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE,
                report(PKT, 10, pk("other", 1), pk("user#42", 9)), true);

        assertThat(second.topKeys().get(0).key()).isEqualTo(first.topKeys().get(0).key());
    }
}
