package io.throttleresponder.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.MovingClock;
import io.throttleresponder.model.Pause;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.respond.Fakes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PauseSwitchTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Pause PAUSE = new Pause("alice", T0, "load test");

    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final MovingClock clock = new MovingClock(T0);
    private final PauseSwitch pauses = new PauseSwitch(ledger, clock);

    @Test
    void current_readsTheLedgerOncePerHalfMinute() {
        pauses.current();
        clock.now = T0.plus(Duration.ofSeconds(29));
        pauses.current();

        assertThat(ledger.calls).containsExactly("pause?");
    }

    @Test
    void current_seesAFlipWithinAMinute() {
        assertThat(pauses.current()).isEmpty();
        ledger.pause(PAUSE);

        clock.now = T0.plus(PauseSwitch.FRESHNESS);

        assertThat(pauses.current()).contains(PAUSE);
    }

    @Test
    void describe_namesWhoWhenAndWhy() {
        assertThat(PAUSE.describe()).isEqualTo("paused by alice at 2026-11-22T10:00:00Z (load test)");
        assertThat(new Pause("bob", T0, null).describe()).isEqualTo("paused by bob at 2026-11-22T10:00:00Z");
    }
}
