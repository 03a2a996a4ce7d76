package io.throttleresponder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.model.Decreases;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecreaseRuleTest {

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @ParameterizedTest(name = "{0} decreases today, the last at {1}: at {2} the next is allowed at {3}")
    @CsvSource({
            // Four at any time of the UTC day, even all in its first minutes or its last.
            "0, ,                     2026-11-20T00:00:01Z, 2026-11-20T00:00:01Z",
            "3, 2026-11-20T00:00:30Z, 2026-11-20T00:00:31Z, 2026-11-20T00:00:31Z",
            "3, 2026-11-20T23:58:00Z, 2026-11-20T23:59:00Z, 2026-11-20T23:59:00Z",
            // Beyond four: one more whenever none was made in the past hour, counted exactly.
            "4, 2026-11-20T00:13:00Z, 2026-11-20T00:14:00Z, 2026-11-20T01:13:00Z",
            "4, 2026-11-20T00:13:00Z, 2026-11-20T01:12:59.999Z, 2026-11-20T01:13:00Z",
            "4, 2026-11-20T00:13:00Z, 2026-11-20T01:13:00Z, 2026-11-20T01:13:00Z",
            "9, 2026-11-20T09:00:00Z, 2026-11-20T15:00:00Z, 2026-11-20T15:00:00Z",
            // At most 27 a day: the next is at UTC midnight.
            "27, 2026-11-20T22:00:00Z, 2026-11-20T23:30:00Z, 2026-11-21T00:00:00Z",
            // An hour after the last that crosses midnight: the new day's four come first.
            "12, 2026-11-20T23:30:00Z, 2026-11-20T23:40:00Z, 2026-11-21T00:00:00Z",
            // The count is of the day of the last decrease: yesterday's count does not hold today.
            "27, 2026-11-19T23:59:00Z, 2026-11-20T00:00:05Z, 2026-11-20T00:00:05Z",
    })
    void nextAllowed_followsAwsRule(int today, String last, String now, String expected) {
        Decreases decreases = new Decreases(today, last == null ? null : at(last));

        assertThat(DecreaseRule.nextAllowed(decreases, at(now))).isEqualTo(at(expected));
        assertThat(DecreaseRule.allowed(decreases, at(now))).isEqualTo(at(expected).equals(at(now)));
    }

    @Test
    void noDecreaseEver_isAllowedAtOnce() {
        assertThat(DecreaseRule.allowed(Decreases.NONE, at("2026-11-20T12:00:00Z"))).isTrue();
    }
}
