package io.throttleresponder.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.alarm.Regions;
import java.time.Duration;
import io.throttleresponder.respond.ResourceId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads the policy document (docs/contracts.md) strictly: unknown keys and bad values fail. */
public final class PolicyParser {

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("dryRun", "killSwitch", "defaults", "tables", "watchAllTables", "unnamedTables");
    private static final Set<String> UNNAMED_TABLES_KEYS =
            Set.of("optInTagKey", "optInTagValue", "contributorInsightsWithoutOptIn");
    private static final Set<String> SETTING_KEYS = Set.of(
            "scaleFactor", "headroomPercent", "maxReadCapacityUnits", "maxWriteCapacityUnits",
            "maxOnDemandReadRequestUnits", "maxOnDemandWriteRequestUnits", "cooldownMinutes",
            "contributorInsights", "contributorInsightsMode", "hotKeySummaryDelayMinutes",
            "hotKeySummaryRepeats", "recoveryQuietMinutes", "maskKeys", "dryRun", "maxIncidentFactor", "recoveryHorizonHours", "globalTableActingRegion",
            "notifyWhenMuted", "severityP1ThrottlesPerMinute", "severityP2ThrottlesPerMinute", "severityP3UtilizationPercent");

    private PolicyParser() {}

    public static Policy parse(String document, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(document);
        } catch (JsonProcessingException e) {
            throw new PolicyException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException(source + " must be a JSON object");
        }
        rejectUnknownKeys(root, TOP_LEVEL_KEYS, source, "");
        TableSettings defaults = settings(root.path("defaults"), TableSettings.DEFAULTS, source, "defaults");
        Map<String, TableSettings> tables = new LinkedHashMap<>();
        JsonNode tableNodes = root.path("tables");
        if (!tableNodes.isMissingNode()) {
            if (!tableNodes.isObject()) {
                throw new PolicyException(source + ": tables must be an object of table name to settings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = tableNodes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> table = it.next();
                if (!ResourceId.isTableName(table.getKey())) {
                    throw new PolicyException(source + ": tables." + table.getKey()
                            + " is not a valid DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)");
                }
                tables.put(table.getKey(), settings(table.getValue(), defaults, source, "tables." + table.getKey()));
            }
        }
        return new Policy(
                bool(root, "dryRun", false, source, ""),
                bool(root, "killSwitch", false, source, ""),
                defaults,
                tables,
                unnamedTables(root, source));
    }

    /** Null unless watchAllTables; unnamedTables without it would be ignored, so it fails instead. */
    private static UnnamedTables unnamedTables(JsonNode root, String source) {
        boolean watchAll = bool(root, "watchAllTables", false, source, "");
        JsonNode node = root.path("unnamedTables");
        if (!watchAll) {
            if (!node.isMissingNode()) {
                throw new PolicyException(source + ": unnamedTables applies only with \"watchAllTables\": true");
            }
            return null;
        }
        if (node.isMissingNode()) {
            return UnnamedTables.DEFAULTS;
        }
        if (!node.isObject()) {
            throw new PolicyException(source + ": unnamedTables must be an object");
        }
        rejectUnknownKeys(node, UNNAMED_TABLES_KEYS, source, "unnamedTables.");
        UnnamedTables defaults = UnnamedTables.DEFAULTS;
        return new UnnamedTables(
                tagText(node, "optInTagKey", defaults.optInTagKey(), 128, source),
                tagText(node, "optInTagValue", defaults.optInTagValue(), 256, source),
                bool(node, "contributorInsightsWithoutOptIn", defaults.contributorInsightsWithoutOptIn(), source,
                        "unnamedTables"));
    }

    /** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html: keys up to 128 characters, values up to 256. */
    private static String tagText(JsonNode node, String key, String fallback, int maxLength, String source) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > maxLength
                || value.asText().startsWith("aws:")) {
            throw new PolicyException(source + ": unnamedTables." + key + " must be 1-" + maxLength
                    + " characters, not starting with aws:, was " + value);
        }
        return value.asText();
    }

    private static TableSettings settings(JsonNode node, TableSettings base, String source, String path) {
        if (node.isMissingNode()) {
            return base;
        }
        if (!node.isObject()) {
            throw new PolicyException(source + ": " + path + " must be an object");
        }
        rejectUnknownKeys(node, SETTING_KEYS, source, path + ".");
        double scaleFactor = number(node, "scaleFactor", base.scaleFactor(), source, path);
        if (scaleFactor <= 1.0 || scaleFactor > 100) {
            throw new PolicyException(source + ": " + path + ".scaleFactor must be above 1 and at most 100, was " + scaleFactor);
        }
        double maxIncidentFactor = number(node, "maxIncidentFactor", base.maxIncidentFactor(), source, path);
        if (maxIncidentFactor <= 1.0 || maxIncidentFactor > 1000) {
            throw new PolicyException(source + ": " + path + ".maxIncidentFactor must be above 1 and at most 1000, was "
                    + maxIncidentFactor);
        }
        return new TableSettings(
                scaleFactor,
                (int) whole(node, "headroomPercent", base.headroomPercent(), 0, 1000, source, path),
                whole(node, "maxReadCapacityUnits", base.maxReadCapacityUnits(), 1, 1_000_000, source, path),
                whole(node, "maxWriteCapacityUnits", base.maxWriteCapacityUnits(), 1, 1_000_000, source, path),
                whole(node, "maxOnDemandReadRequestUnits", base.maxOnDemandReadRequestUnits(), 1, 1_000_000, source, path),
                whole(node, "maxOnDemandWriteRequestUnits", base.maxOnDemandWriteRequestUnits(), 1, 1_000_000, source, path),
                minutes(node, "cooldownMinutes", base.cooldown(), source, path),
                bool(node, "contributorInsights", base.contributorInsights(), source, path),
                mode(node, base.contributorInsightsMode(), source, path),
                minutes(node, "hotKeySummaryDelayMinutes", base.hotKeySummaryDelay(), source, path),
                (int) whole(node, "hotKeySummaryRepeats", base.hotKeySummaryRepeats(), 0, 100, source, path),
                minutes(node, "recoveryQuietMinutes", base.recoveryQuietPeriod(), source, path),
                bool(node, "maskKeys", base.maskKeys(), source, path),
                bool(node, "dryRun", base.dryRun(), source, path),
                maxIncidentFactor,
                Duration.ofHours(whole(node, "recoveryHorizonHours", base.recoveryHorizon().toHours(), 1, 7 * 24, source, path)),
                region(node, "globalTableActingRegion", base.globalTableActingRegion(), source, path),
                bool(node, "notifyWhenMuted", base.notifyWhenMuted(), source, path),
                whole(node, "severityP1ThrottlesPerMinute", base.severityP1ThrottlesPerMinute(), 1, 1_000_000_000, source, path),
                whole(node, "severityP2ThrottlesPerMinute", base.severityP2ThrottlesPerMinute(), 1, 1_000_000_000, source, path),
                (int) whole(node, "severityP3UtilizationPercent", base.severityP3UtilizationPercent(), 1, 100, source, path));
    }

    private static void rejectUnknownKeys(JsonNode node, Set<String> known, String source, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new PolicyException(source + ": unknown key " + prefix + key);
            }
        }
    }

    private static double number(JsonNode node, String key, double fallback, String source, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new PolicyException(source + ": " + path + "." + key + " must be a number, was " + value);
        }
        return value.asDouble();
    }

    private static long whole(JsonNode node, String key, long fallback, long min, long max, String source, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new PolicyException(source + ": " + path + "." + key
                    + " must be a whole number from " + min + " to " + max + ", was " + value);
        }
        return value.asLong();
    }

    private static Duration minutes(JsonNode node, String key, Duration fallback, String source, String path) {
        return Duration.ofMinutes(whole(node, key, fallback.toMinutes(), 0, 7 * 24 * 60, source, path));
    }

    private static String region(JsonNode node, String key, String fallback, String source, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual() || !Regions.isCode(value.asText())) {
            throw new PolicyException(source + ": " + (path.isEmpty() ? "" : path + ".") + key
                    + " must be a Region code such as us-east-1, was " + value);
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String key, boolean fallback, String source, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new PolicyException(source + ": " + (path.isEmpty() ? "" : path + ".") + key
                    + " must be true or false, was " + value);
        }
        return value.asBoolean();
    }

    private static ContributorInsightsMode mode(JsonNode node, ContributorInsightsMode fallback, String source, String path) {
        JsonNode value = node.get("contributorInsightsMode");
        if (value == null) {
            return fallback;
        }
        try {
            return ContributorInsightsMode.valueOf(value.asText());
        } catch (IllegalArgumentException e) {
            throw new PolicyException(source + ": " + path + ".contributorInsightsMode must be THROTTLED_KEYS or "
                    + "ACCESSED_AND_THROTTLED_KEYS, was " + value);
        }
    }
}
