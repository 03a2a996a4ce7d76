package io.throttleresponder.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationKeysTest {

    @Test
    void ranked_listsTheFiveLargest_withSharesOfEveryCall_tiesByKey() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("k-b", 10L);
        counts.put("k-a", 10L);
        counts.put("k-c", 40L);
        counts.put("k-d", 5L);
        counts.put("k-e", 5L);
        counts.put("k-f", 30L);

        ApplicationKeys keys = ApplicationKeys.ranked(counts, ApplicationKeys.WINDOW);

        assertThat(keys.throttledCalls()).isEqualTo(100);
        assertThat(keys.keys()).extracting(ApplicationKeys.KeyCount::key).containsExactly("k-c", "k-f", "k-a", "k-b", "k-d");
        assertThat(keys.keys().get(0).share()).isEqualTo(0.40);
    }

    @Test
    void lines_sayWhenNoKeyWasLogged_orWhyTheKeysAreUnavailable() {
        assertThat(ApplicationKeys.ranked(Map.of(), ApplicationKeys.WINDOW).lines()).containsExactly(
                "Hot keys from the applications' throttled calls (client sensor, Logs Insights, last 5 min):"
                        + " no throttled call with a key was logged");
        assertThat(ApplicationKeys.unavailable("the Logs Insights query ended Failed", ApplicationKeys.WINDOW).lines())
                .containsExactly("Hot keys from the applications' throttled calls (client sensor, Logs Insights, last 5 min):"
                        + " unavailable, the Logs Insights query ended Failed");
    }
}
