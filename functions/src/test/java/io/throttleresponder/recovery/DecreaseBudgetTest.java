package io.throttleresponder.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecreaseBudgetTest {

    @ParameterizedTest(name = "{1} decreases made by {0}: {2} left")
    @CsvSource({
            "2026-11-21T00:10:00Z, 0, 4",
            "2026-11-21T00:59:59Z, 3, 1",
            "2026-11-21T00:30:00Z, 4, 0",
            "2026-11-21T01:00:00Z, 4, 1",
            "2026-11-21T05:00:00Z, 4, 5",
            "2026-11-21T23:59:00Z, 26, 1",
            "2026-11-21T23:59:00Z, 27, 0",
            "2026-11-21T12:00:00Z, 30, 0"})
    void remaining_followsFourInTheFirstHourThenOnePerHour_atMost27(String now, int decreasesToday, int remaining) {
        assertThat(DecreaseBudget.remaining(decreasesToday, Instant.parse(now))).isEqualTo(remaining);
    }

    @ParameterizedTest(name = "{1} decreases made by {0}: next at {2}")
    @CsvSource({
            "2026-11-21T00:30:00Z, 2, 2026-11-21T00:30:00Z",
            "2026-11-21T00:30:00Z, 4, 2026-11-21T01:00:00Z",
            "2026-11-21T03:20:00Z, 7, 2026-11-21T04:00:00Z",
            "2026-11-21T23:20:00Z, 27, 2026-11-22T00:00:00Z"})
    void nextAllowed_isNowOrTheHourThatBringsOneMore(String now, int decreasesToday, String next) {
        assertThat(DecreaseBudget.nextAllowed(decreasesToday, Instant.parse(now))).isEqualTo(Instant.parse(next));
    }
}
