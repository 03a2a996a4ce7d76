package io.throttleresponder.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PrimingPassesTest {

    @Test
    void run_stopsAtItsMostPasses_whenTheBudgetLasts() {
        List<Integer> passes = new ArrayList<>();

        int run = new PrimingPasses(4, Duration.ofMinutes(1)).run(passes::add, () -> 0L);

        assertThat(run).isEqualTo(4);
        assertThat(passes).containsExactly(0, 1, 2, 3);
    }

    @Test
    void run_startsNoPassOnceTheBudgetIsSpent() {
        AtomicLong clock = new AtomicLong();

        // Each pass takes a second.
        int run = new PrimingPasses(100, Duration.ofSeconds(2)).run(pass -> clock.addAndGet(Duration.ofSeconds(1).toNanos()), clock::get);

        assertThat(run).isEqualTo(2);
    }

    @Test
    void run_alwaysRunsTheFirstPass_evenWithNoBudget() {
        List<Integer> passes = new ArrayList<>();

        assertThat(PrimingPasses.ONCE.run(passes::add, System::nanoTime)).isEqualTo(1);
        assertThat(new PrimingPasses(5, Duration.ZERO).run(passes::add, System::nanoTime)).isEqualTo(1);
        assertThat(passes).containsExactly(0, 0);
    }

    @Test
    void fewerThanOnePass_orANegativeBudget_isRefused_namingTheValue() {
        assertThatThrownBy(() -> new PrimingPasses(0, Duration.ZERO)).hasMessageContaining(": 0");
        assertThatThrownBy(() -> new PrimingPasses(1, Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
    }

    @Test
    void beforeTheSnapshot_passesAreBoundedWellInsideLambdasTenSecondInit() {
        assertThat(PrimingPasses.BEFORE_SNAPSHOT.budget()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(PrimingPasses.BEFORE_SNAPSHOT.most()).isGreaterThan(1);
    }
}
