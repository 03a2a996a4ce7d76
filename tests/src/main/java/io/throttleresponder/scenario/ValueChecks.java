package io.throttleresponder.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks on one scenario file's values; each problem is a {@link ScenarioException} naming the file. */
final class ValueChecks {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private final Path file;

    ValueChecks(Path file) {
        this.file = file;
    }

    Instant instant(JsonNode node, String where) {
        try {
            return Instant.parse(text(node, where));
        } catch (DateTimeParseException e) {
            throw problem(where + " must be an ISO-8601 instant such as 2026-11-20T03:00:00Z, was \"" + node.asText() + "\"");
        }
    }

    Duration duration(JsonNode node, String where) {
        return duration(text(node, where), where);
    }

    Duration duration(String text, String where) {
        Matcher matcher = DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            throw problem(where + ": \"" + text + "\" is not a duration such as 90s, 15m or 2h30m");
        }
        return Duration.ofHours(group(matcher, 1)).plusMinutes(group(matcher, 2)).plusSeconds(group(matcher, 3));
    }

    private static long group(Matcher matcher, int group) {
        return matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group));
    }

    long positiveLong(JsonNode node, String where) {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 1) {
            throw problem(where + " must be a whole number of at least 1, was " + node);
        }
        return node.asLong();
    }

    double number(JsonNode node, String where) {
        if (node == null || !node.isNumber()) {
            throw problem(where + " must be a number, was " + node);
        }
        return node.asDouble();
    }

    String text(JsonNode node, String where) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw problem(where + " must be a non-empty string, was " + node);
        }
        return node.asText();
    }

    String optionalText(JsonNode node, String key, String fallback) {
        return node.has(key) ? text(node.get(key), key) : fallback;
    }

    JsonNode required(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw problem((where.isEmpty() ? "" : where + ": ") + "\"" + key + "\" is required");
        }
        return value;
    }

    void object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw problem(where + " must be a JSON object, was " + node);
        }
    }

    void unknownKeys(JsonNode node, Set<String> known, String where) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw problem(where + "unknown key \"" + name + "\" (known: " + new TreeSet<>(known) + ")");
            }
        });
    }

    <E extends Enum<E>> E enumValue(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw problem(where + " must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()
                    + ", was \"" + value + "\"");
        }
    }

    ScenarioException problem(String message) {
        return new ScenarioException("scenario " + file + ": " + message);
    }
}
