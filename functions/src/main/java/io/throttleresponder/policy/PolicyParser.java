package io.throttleresponder.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.contract.DynamoDbNames;
import io.throttleresponder.contract.OptInTag;
import io.throttleresponder.contract.PolicyKey;
import io.throttleresponder.contract.RegionCode;
import io.throttleresponder.contract.SensorMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads the policy document (docs/contracts.md) strictly: unknown keys and bad values fail. */
public final class PolicyParser {

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("dryRun", "killSwitch", "defaults", "tables", "watchAllTables", "unnamedTables", "sensor");
    private static final Set<String> SENSOR_KEYS = Set.of("namespace", "logGroups");
    private static final Set<String> UNNAMED_TABLES_KEYS =
            Set.of("optInTagKey", "optInTagValue", "contributorInsightsWithoutOptIn");
    private static final Set<String> SETTING_KEYS = Set.copyOf(PolicyKey.keys());

    private PolicyParser() {}

    /**
     * The policy document in {@code file}, named by it in every error: the functions' RESPONDER_POLICY_FILE, the
     * operator CLI's --policy, the local runner's --config.
     */
    public static Policy read(Path file) {
        String document;
        try {
            document = Files.readString(file);
        } catch (IOException e) {
            throw new PolicyException("cannot read the policy file " + file + ": " + e.getMessage());
        }
        return parse(document, file.toString());
    }

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
                if (!DynamoDbNames.isValid(table.getKey())) {
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
                unnamedTables(root, source),
                sensor(root.path("sensor"), source));
    }

    /** Null without a sensor; its names checked as synth checks them. */
    private static SensorSettings sensor(JsonNode node, String source) {
        if (node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new PolicyException(source + ": sensor must be an object");
        }
        rejectUnknownKeys(node, SENSOR_KEYS, source, "sensor.");
        JsonNode namespace = node.path("namespace");
        String name = namespace.isMissingNode() ? SensorMetrics.DEFAULT_NAMESPACE : namespace.asText();
        if (!namespace.isMissingNode() && !namespace.isTextual() || !SensorMetrics.isValidNamespace(name)) {
            throw new PolicyException(source + ": sensor.namespace must be a custom CloudWatch namespace, was " + namespace);
        }
        JsonNode groups = node.path("logGroups");
        List<String> logGroups = new ArrayList<>();
        if (!groups.isMissingNode()) {
            if (!groups.isArray()) {
                throw new PolicyException(source + ": sensor.logGroups must be a list of log group names");
            }
            for (JsonNode group : groups) {
                if (!group.isTextual() || !SensorMetrics.isValidLogGroupName(group.asText())) {
                    throw new PolicyException(source + ": sensor.logGroups holds " + group + ", not a log group name");
                }
                logGroups.add(group.asText());
            }
            if (logGroups.size() > SensorMetrics.MAX_LOG_GROUPS) {
                throw new PolicyException(source + ": sensor.logGroups names " + logGroups.size()
                        + " log groups; one Logs Insights query reads at most " + SensorMetrics.MAX_LOG_GROUPS);
            }
        }
        return new SensorSettings(name, logGroups);
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
                tagText(node, "optInTagKey", defaults.optInTagKey(), true, source),
                tagText(node, "optInTagValue", defaults.optInTagValue(), false, source),
                bool(node, "contributorInsightsWithoutOptIn", defaults.contributorInsightsWithoutOptIn(), source,
                        "unnamedTables"));
    }

    private static String tagText(JsonNode node, String key, String fallback, boolean tagKey, String source) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual() || !(tagKey ? OptInTag.isValidKey(value.asText()) : OptInTag.isValidValue(value.asText()))) {
            throw new PolicyException(source + ": unnamedTables." + key + " must be 1-"
                    + (tagKey ? OptInTag.MAX_KEY_LENGTH : OptInTag.MAX_VALUE_LENGTH)
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
        return new TableSettings(
                factor(node, PolicyKey.SCALE_FACTOR, base.scaleFactor(), source, path),
                (int) whole(node, PolicyKey.HEADROOM_PERCENT, base.headroomPercent(), source, path),
                whole(node, PolicyKey.MAX_READ_CAPACITY_UNITS, base.maxReadCapacityUnits(), source, path),
                whole(node, PolicyKey.MAX_WRITE_CAPACITY_UNITS, base.maxWriteCapacityUnits(), source, path),
                whole(node, PolicyKey.MAX_ON_DEMAND_READ_REQUEST_UNITS, base.maxOnDemandReadRequestUnits(), source, path),
                whole(node, PolicyKey.MAX_ON_DEMAND_WRITE_REQUEST_UNITS, base.maxOnDemandWriteRequestUnits(), source, path),
                minutes(node, PolicyKey.COOLDOWN_MINUTES, base.cooldown(), source, path),
                bool(node, PolicyKey.CONTRIBUTOR_INSIGHTS.key(), base.contributorInsights(), source, path),
                mode(node, base.contributorInsightsMode(), source, path),
                minutes(node, PolicyKey.HOT_KEY_SUMMARY_DELAY_MINUTES, base.hotKeySummaryDelay(), source, path),
                (int) whole(node, PolicyKey.HOT_KEY_SUMMARY_REPEATS, base.hotKeySummaryRepeats(), source, path),
                minutes(node, PolicyKey.RECOVERY_QUIET_MINUTES, base.recoveryQuietPeriod(), source, path),
                bool(node, PolicyKey.MASK_KEYS.key(), base.maskKeys(), source, path),
                bool(node, PolicyKey.DRY_RUN.key(), base.dryRun(), source, path),
                factor(node, PolicyKey.MAX_INCIDENT_FACTOR, base.maxIncidentFactor(), source, path),
                Duration.ofHours(whole(node, PolicyKey.RECOVERY_HORIZON_HOURS, base.recoveryHorizon().toHours(), source, path)),
                region(node, PolicyKey.GLOBAL_TABLE_ACTING_REGION.key(), base.globalTableActingRegion(), source, path),
                bool(node, PolicyKey.NOTIFY_WHEN_MUTED.key(), base.notifyWhenMuted(), source, path),
                whole(node, PolicyKey.SEVERITY_P1_THROTTLES_PER_MINUTE, base.severityP1ThrottlesPerMinute(), source, path),
                whole(node, PolicyKey.SEVERITY_P2_THROTTLES_PER_MINUTE, base.severityP2ThrottlesPerMinute(), source, path),
                (int) whole(node, PolicyKey.SEVERITY_P3_UTILIZATION_PERCENT, base.severityP3UtilizationPercent(), source, path),
                bool(node, PolicyKey.TUNE_SCALING_POLICY.key(), base.tuneScalingPolicy(), source, path),
                (int) whole(node, PolicyKey.INCIDENT_TARGET_VALUE, base.incidentTargetValue(), source, path),
                (int) whole(node, PolicyKey.INCIDENT_SCALE_OUT_COOLDOWN_SECONDS, base.incidentScaleOutCooldownSeconds(),
                        source, path));
    }

    /** A factor, which must exceed its minimum: a factor of 1 scales nothing. */
    private static double factor(JsonNode node, PolicyKey key, double fallback, String source, String path) {
        double value = number(node, key.key(), fallback, source, path);
        if (!key.accepts(value)) {
            throw new PolicyException("%s: %s.%s must be above %s and at most %s, was %s".formatted(source, path, key.key(),
                    PolicyKey.format(key.minimum()), PolicyKey.format(key.maximum()), value));
        }
        return value;
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

    private static long whole(JsonNode node, PolicyKey key, long fallback, String source, String path) {
        JsonNode value = node.get(key.key());
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !key.accepts(value.asLong())) {
            throw new PolicyException(source + ": " + path + "." + key.key() + " must be a whole number from "
                    + PolicyKey.format(key.minimum()) + " to " + PolicyKey.format(key.maximum()) + ", was " + value);
        }
        return value.asLong();
    }

    private static Duration minutes(JsonNode node, PolicyKey key, Duration fallback, String source, String path) {
        return Duration.ofMinutes(whole(node, key, fallback.toMinutes(), source, path));
    }

    private static String region(JsonNode node, String key, String fallback, String source, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual() || !RegionCode.isCode(value.asText())) {
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
        JsonNode value = node.get(PolicyKey.CONTRIBUTOR_INSIGHTS_MODE.key());
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
