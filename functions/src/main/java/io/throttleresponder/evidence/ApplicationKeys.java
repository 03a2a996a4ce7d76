package io.throttleresponder.evidence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The keys the applications' own throttled calls named, as their client sensors logged them: the
 * top keys of the window with their counts and shares of every throttled call logged for the table
 * (or GSI). Known at once, before Contributor Insights has collected a minute; {@code unavailable}
 * says why there are none when the query could not answer.
 */
public record ApplicationKeys(List<KeyCount> keys, long throttledCalls, Duration window, String unavailable) {

    /** The minutes of sensor lines read: an incident's first minutes, and the throttling that led to it. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** The most keys a message lists. */
    static final int KEYS_SHOWN = 5;

    /** One key: its throttled calls in the window and their share (0..1) of all the table's. */
    public record KeyCount(String key, long count, double share) {}

    public ApplicationKeys {
        keys = List.copyOf(keys);
    }

    /** The top keys of the counts per key, largest first (ties by key, so every run lists them alike). */
    public static ApplicationKeys ranked(Map<String, Long> countsByKey, Duration window) {
        long total = countsByKey.values().stream().mapToLong(Long::longValue).sum();
        List<KeyCount> top = countsByKey.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(KEYS_SHOWN)
                .map(entry -> new KeyCount(entry.getKey(), entry.getValue(), (double) entry.getValue() / total))
                .toList();
        return new ApplicationKeys(top, total, window, null);
    }

    public static ApplicationKeys unavailable(String reason, Duration window) {
        return new ApplicationKeys(List.of(), 0, window, reason);
    }

    /** A query that failed: its message is the reason, in the message people read. */
    public static ApplicationKeys failed(RuntimeException failure) {
        return unavailable("the Logs Insights query failed: " + failure.getMessage(), WINDOW);
    }

    /** For the message: a heading line, then one line per key. */
    public List<String> lines() {
        String heading = "Hot keys from the applications' throttled calls (client sensor, Logs Insights, last "
                + window.toMinutes() + " min)";
        if (unavailable != null) {
            return List.of(heading + ": unavailable, " + unavailable);
        }
        if (keys.isEmpty()) {
            return List.of(heading + ": no throttled call with a key was logged");
        }
        List<String> lines = new ArrayList<>();
        lines.add(heading + ", " + throttledCalls + " throttled calls:");
        keys.forEach(key -> lines.add("%s: %d (%.0f%%)".formatted(key.key(), key.count(), key.share() * 100)));
        return lines;
    }
}
