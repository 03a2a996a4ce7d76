package io.throttleresponder.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.model.Operation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecommendationsTest {

    @ParameterizedTest(name = "{0} writes/s -> {1} suffixes")
    @CsvSource({
        "0, 2",          // unknown rate: the minimum
        "-5, 2",
        "NaN, 2",
        "Infinity, 2",
        "500, 2",        // under one shard's 800: still 2, the minimum worth sharding
        "800, 2",
        "1600, 2",       // exactly 2 x 800
        "1601, 3",
        "2400, 3",       // exactly 3 x 800
        "2400.5, 4",
        "2500, 4",       // 3.125 -> 4
        "10000, 13",     // 12.5 -> 13
    })
    void writeShardSuffixes_isMax2AndCeilOfRateOver800(double rate, int suffixes) {
        assertThat(Recommendations.writeShardSuffixes(rate)).isEqualTo(suffixes);
    }

    @Test
    void concentrated_atTheThresholds() {
        assertThat(Recommendations.concentrated(0.2, 0.2)).isTrue();
        assertThat(Recommendations.concentrated(0.1999, 0.4999)).isFalse();
        assertThat(Recommendations.concentrated(0.1, 0.5)).isTrue();
    }

    @Test
    void recommend_hotSet_namesTopKeyAndNextKeysOfAtLeast5PercentUpToThree() {
        List<RankedKey> keys = List.of(new RankedKey("a", 50, 0.5), new RankedKey("b", 6, 0.06),
                new RankedKey("c", 5, 0.05), new RankedKey("d", 5, 0.05));

        String text = Recommendations.recommend(RuleKind.PKT, Operation.READ, keys, 100, 0.5, 0.66, 10);

        assertThat(text).contains("in front of `a`, `b`, `c`.").doesNotContain("`d`");
    }

    @Test
    void recommend_hotSet_stopsAtFirstKeyUnder5Percent() {
        List<RankedKey> keys = List.of(new RankedKey("a", 50, 0.5), new RankedKey("b", 4, 0.04),
                new RankedKey("c", 4, 0.04));

        String text = Recommendations.recommend(RuleKind.PKT, Operation.READ, keys, 100, 0.5, 0.58, 10);

        assertThat(text).contains("in front of `a`.").doesNotContain("`b`");
    }

    @Test
    void recommend_keyWithBacktickOrNewline_staysOneLineAndOneCodeSpan() {
        List<RankedKey> keys = List.of(new RankedKey("x`y\nz", 50, 0.5));

        String text = Recommendations.recommend(RuleKind.PKT, Operation.READ, keys, 100, 0.5, 0.5, 10);

        assertThat(text).contains("`x'y?z`").doesNotContain("\n");
    }
}
