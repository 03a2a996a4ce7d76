package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void of_evenCount_interpolatesTheMedianAndQuartiles() {
        Stats stats = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));

        assertThat(stats.min()).isEqualTo(1.0);
        assertThat(stats.median()).isEqualTo(2.5);
        assertThat(stats.p25()).isEqualTo(1.75);
        assertThat(stats.p75()).isEqualTo(3.25);
        assertThat(stats.max()).isEqualTo(4.0);
    }
}
