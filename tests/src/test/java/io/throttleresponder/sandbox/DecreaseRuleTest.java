package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecreaseRuleTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-11-27T00:00:00Z");

    private static List<Instant> fourAt(Instant at) {
        return List.of(at, at, at, at);
    }

    @Test
    void fourDecreases_areAllowedAtAnyTime_evenInTheSameMinute() {
        Instant at = Instant.parse("2026-11-27T13:05:00Z");
        List<Instant> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertThat(DecreaseRule.allowed(made, at)).as("decrease %d", i + 1).isTrue();
            made.add(at);
        }
        assertThat(DecreaseRule.allowed(made, at.plusSeconds(1))).isFalse();
    }

    @Test
    void beyondFour_oneMoreIsAllowedOnlyWhenNoneWasMadeInThePastHour() {
        Instant fourth = Instant.parse("2026-11-27T10:00:00Z");
        List<Instant> made = new ArrayList<>(List.of(Instant.parse("2026-11-27T02:00:00Z"),
                Instant.parse("2026-11-27T03:00:00Z"), Instant.parse("2026-11-27T09:30:00Z"), fourth));

        assertThat(DecreaseRule.allowed(made, fourth.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(DecreaseRule.nextAllowed(made, fourth.plus(Duration.ofMinutes(59)))).isEqualTo(fourth.plus(Duration.ofHours(1)));
        made.add(fourth.plus(Duration.ofHours(3)));
        assertThat(DecreaseRule.nextAllowed(made, fourth.plus(Duration.ofHours(3)))).isEqualTo(fourth.plus(Duration.ofHours(4)));
    }

    @Test
    void theHourIsCountedExactly_refusedAMillisecondBefore_allowedOnTheHour() {
        Instant last = Instant.parse("2026-11-27T08:15:30.250Z");
        List<Instant> made = fourAt(last);

        assertThat(DecreaseRule.allowed(made, last.plus(Duration.ofHours(1)).minusMillis(1))).isFalse();
        assertThat(DecreaseRule.allowed(made, last.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    void atMost27ADay_thenTheNextIsAtUtcMidnight() {
        List<Instant> made = new ArrayList<>(fourAt(MIDNIGHT));
        Instant at = MIDNIGHT;
        while (made.size() < 27) {
            at = at.plus(Duration.ofHours(1));
            assertThat(DecreaseRule.allowed(made, at)).as("decrease %d at %s", made.size() + 1, at).isTrue();
            made.add(at);
        }
        Instant lastMinuteOfTheDay = Instant.parse("2026-11-27T23:59:00Z");

        assertThat(at).isEqualTo(Instant.parse("2026-11-27T23:00:00Z"));
        assertThat(DecreaseRule.allowed(made, lastMinuteOfTheDay)).isFalse();
        assertThat(DecreaseRule.nextAllowed(made, lastMinuteOfTheDay)).isEqualTo(MIDNIGHT.plus(Duration.ofDays(1)));
    }

    @Test
    void the27CapHolds_evenWhenTheHourlySpacingWouldAllowAnother() {
        List<Instant> made = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            made.add(MIDNIGHT.plus(Duration.ofMinutes(30 * i)));
        }
        Instant later = made.get(26).plus(Duration.ofHours(2));

        assertThat(DecreaseRule.allowed(made, later)).isFalse();
        assertThat(DecreaseRule.nextAllowed(made, later)).isEqualTo(MIDNIGHT.plus(Duration.ofDays(1)));
    }

    @Test
    void theCountResetsAtUtcMidnight_andYesterdaysDecreasesDoNotCount() {
        Instant lateEvening = Instant.parse("2026-11-27T23:40:00Z");
        List<Instant> made = fourAt(lateEvening);
        Instant nextDay = MIDNIGHT.plus(Duration.ofDays(1));

        assertThat(DecreaseRule.allowed(made, nextDay.minusMillis(1))).isFalse();
        assertThat(DecreaseRule.nextAllowed(made, nextDay.minusMillis(1))).isEqualTo(nextDay);
        assertThat(DecreaseRule.allowed(made, nextDay)).isTrue();
        assertThat(DecreaseRule.today(made, nextDay)).isEmpty();
        assertThat(DecreaseRule.today(made, nextDay.minusMillis(1))).hasSize(4);
    }

    @Test
    void whenTheHourAfterTheLastCrossesMidnight_theNextDecreaseIsAtMidnight() {
        Instant last = Instant.parse("2026-11-27T23:30:00Z");

        assertThat(DecreaseRule.nextAllowed(fourAt(last), last)).isEqualTo(MIDNIGHT.plus(Duration.ofDays(1)));
    }
}
