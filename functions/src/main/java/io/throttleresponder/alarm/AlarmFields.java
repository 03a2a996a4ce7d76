package io.throttleresponder.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the fields every delivery shape shares, strictly: a missing or mistyped field is a
 * {@link MalformedEventException} naming it, never a coerced value.
 */
final class AlarmFields {

    private static final DateTimeFormatter CLOUDWATCH_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendPattern(".SSS").optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT);

    private AlarmFields() {}

    /**
     * A contributor of a Metrics Insights alarm over several time series: SNS puts
     * {@code AlarmContributorId} and {@code AlarmContributorAttributes} beside the alarm's fields; EventBridge
     * and the alarm action an {@code alarmContributor} object with {@code id} and {@code attributes}.
     */
    static Contributor contributor(JsonNode node, String idField, String attributesField) {
        String id = optionalText(node, idField);
        if (id == null) {
            return null;
        }
        JsonNode attributes = field(node, attributesField);
        Map<String, String> values = new LinkedHashMap<>();
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                throw new MalformedEventException("field " + attributesField + " must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> attribute = it.next();
                if (!attribute.getValue().isTextual()) {
                    throw new MalformedEventException("contributor attribute " + attribute.getKey() + " must be a string");
                }
                values.put(attribute.getKey(), attribute.getValue().asText());
            }
        }
        return new Contributor(id, values);
    }

    static Map<String, String> dimensionList(JsonNode dimensions) {
        Map<String, String> result = new LinkedHashMap<>();
        if (dimensions == null || dimensions.isNull() || dimensions.isMissingNode()) {
            return result;
        }
        if (!dimensions.isArray()) {
            throw new MalformedEventException("Dimensions must be a list");
        }
        for (JsonNode dimension : dimensions) {
            result.put(text(dimension, "name"), text(dimension, "value"));
        }
        return result;
    }

    /** CloudWatch writes "Sum" in alarms it shows and "SUM" in some notifications. */
    static String normalizeStatistic(String statistic) {
        if (statistic == null) {
            return null;
        }
        return switch (statistic.trim().toUpperCase(Locale.ROOT)) {
            case "SUM" -> "Sum";
            case "AVERAGE" -> "Average";
            case "MINIMUM" -> "Minimum";
            case "MAXIMUM" -> "Maximum";
            case "SAMPLECOUNT", "SAMPLE_COUNT" -> "SampleCount";
            default -> statistic.trim();
        };
    }

    static String regionOf(String arn, String fallback) {
        if (arn != null) {
            String[] parts = arn.split(":");
            if (parts.length > 3 && !parts[3].isEmpty()) {
                return parts[3];
            }
        }
        return fallback == null ? null : Regions.codeOf(fallback);
    }

    static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(value, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(field + " '" + value + "' is not a timestamp");
        }
    }

    static AlarmState optionalState(String value) {
        return value == null ? null : AlarmState.parse(value);
    }

    /** Field names differ in case between deliveries ("name" and "Name"); match either. */
    static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    static JsonNode objectField(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            throw new MalformedEventException("missing field " + name);
        }
        if (!value.isObject()) {
            throw new MalformedEventException("field " + name + " must be an object");
        }
        return value;
    }

    static String text(JsonNode node, String name) {
        String value = optionalText(node, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing field " + name);
        }
        return value;
    }

    static String optionalText(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            // A number or boolean where a name belongs is as malformed as an object: never coerce it.
            throw new MalformedEventException("field " + name + " must be a string, was " + value.getNodeType());
        }
        return value.asText();
    }

    static Double optionalNumber(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            throw new MalformedEventException("field " + name + " must be a number");
        }
    }

    static Integer optionalInteger(JsonNode node, String name) {
        Double value = optionalNumber(node, name);
        return value == null ? null : value.intValue();
    }

    static boolean optionalBoolean(JsonNode node, String name, boolean fallback) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new MalformedEventException("field " + name + " must be true or false");
        }
        return value.asBoolean();
    }

    static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
