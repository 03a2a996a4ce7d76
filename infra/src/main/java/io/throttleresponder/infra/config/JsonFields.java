package io.throttleresponder.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reading the configuration's JSON: each typed read of a key either returns its value or adds a problem naming
 * the key path and what was found, so that every problem of a file is reported at once.
 */
final class JsonFields {

    private final List<String> problems = new ArrayList<>();

    /** Every problem so far, in the order the file was read. */
    List<String> problems() {
        return problems;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    List<String> stringList(JsonNode node, String path) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (!node.isArray()) {
            problems.add(path + ": expected a list of strings");
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isTextual()) {
                values.add(node.get(i).asText());
            } else {
                problems.add("%s[%d]: expected a string, found %s".formatted(path, i, node.get(i)));
            }
        }
        return values;
    }

    Optional<String> text(JsonNode parent, String path, String key) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add("%s: expected a string, found %s".formatted(join(path, key), value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    Optional<Boolean> bool(JsonNode parent, String path, String key) {
        JsonNode value = parent.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            problems.add("%s: expected true or false, found %s".formatted(join(path, key), value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Double> positiveNumber(JsonNode parent, String path, String key) {
        JsonNode value = parent.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            problems.add("%s.%s: %s is not a number".formatted(path, key, value));
            return Optional.empty();
        }
        if (value.doubleValue() <= 0) {
            problems.add("%s.%s: must be greater than 0, found %s".formatted(path, key, value));
            return Optional.empty();
        }
        return Optional.of(value.doubleValue());
    }

    boolean requireObject(JsonNode node, String path) {
        if (node.isObject()) {
            return true;
        }
        problems.add("%s: expected an object, found %s".formatted(path, node));
        return false;
    }

    void rejectUnknownKeys(JsonNode node, String path, Set<String> known) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add("%s: unknown key; the keys here are %s".formatted(join(path, key), known.stream().sorted().toList()));
            }
        });
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
