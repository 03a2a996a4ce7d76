package io.throttleresponder.infra.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.OptInTag;
import io.throttleresponder.contract.SensorMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the configuration file (JSON with comments). Every problem is collected and
 * reported at once, each with its key path, so a bad file fails synth before anything is deployed.
 * The top level, notifications, the sensor and the unnamed tables are read here; {@link JsonFields}
 * reads typed values, {@link TableRules} validates the named tables and {@link PolicyKeys} builds the
 * policy keys.
 */
public final class ConfigLoader {

    public static final String DEFAULT_DEPLOYMENT_NAME = "throttle-responder";
    public static final List<String> DEFAULT_LATENCY_OPERATIONS = List.of("GetItem", "Query", "PutItem");

    // Stack names allow 128 characters; 40 keeps every alarm, topic and function name derived from it short.
    private static final Pattern DEPLOYMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,39}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    private static final Set<String> ROOT_KEYS =
            Set.of("deploymentName", "dryRun", "killSwitch", "notifications", "defaults", "tables", "watchAllTables",
                    "unnamedTables", "sensor");
    private static final Set<String> SENSOR_KEYS = Set.of("namespace", "logGroups");
    private static final Set<String> UNNAMED_TABLES_KEYS =
            Set.of("optInTagKey", "optInTagValue", "contributorInsightsWithoutOptIn");
    private static final Set<String> NOTIFICATION_KEYS = Set.of("emails", "chatTopicArn", "runbookUrl");
    private static final Set<String> DEFAULTS_KEYS = Set.of("thresholds", "latencyOperations", "policy");
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final JsonFields fields = new JsonFields();
    private final PolicyKeys policy = new PolicyKeys(fields);
    private final TableRules tableRules = new TableRules(fields, policy);

    private ConfigLoader(Path file) {
        this.file = file;
    }

    public static ResponderConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, List.of("the file does not exist"));
        } catch (IOException e) {
            throw new ConfigException(file, List.of("the file cannot be read: " + e.getMessage()));
        }
        return parse(file, text);
    }

    /**
     * Whether the text is a deployment configuration rather than the responder's policy document: its
     * {@code tables} is a list (the policy's is an object keyed by table), or it names a deployment.
     */
    public static boolean isDeploymentConfig(String text) {
        try {
            JsonNode root = MAPPER.readTree(text);
            return root != null && root.isObject()
                    && (root.path("tables").isArray() || root.has("deploymentName") || root.has("notifications"));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** @param file named in messages only; the configuration is {@code text} */
    public static ResponderConfig parse(Path file, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line %d, column %d)"
                            .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr()))));
        }
        ConfigLoader loader = new ConfigLoader(file);
        ResponderConfig config = loader.read(root);
        if (!loader.fields.problems().isEmpty()) {
            throw new ConfigException(file, loader.fields.problems());
        }
        return config;
    }

    private ResponderConfig read(JsonNode root) {
        if (root == null || !root.isObject()) {
            fields.problem("(top level): expected an object with a \"tables\" list");
            return null;
        }
        fields.rejectUnknownKeys(root, "", ROOT_KEYS);
        String deploymentName = fields.text(root, "", "deploymentName").orElse(DEFAULT_DEPLOYMENT_NAME);
        if (!DEPLOYMENT_NAME.matcher(deploymentName).matches()) {
            fields.problem("deploymentName: \"%s\" is not valid: 1-40 letters, digits or '-', starting with a letter"
                    .formatted(deploymentName));
        }
        boolean dryRun = fields.bool(root, "", "dryRun").orElse(false);
        boolean killSwitch = fields.bool(root, "", "killSwitch").orElse(false);
        Notifications notifications = notifications(root.get("notifications"));

        JsonNode defaults = root.get("defaults");
        Thresholds defaultThresholds = Thresholds.SEED;
        List<String> defaultOperations = DEFAULT_LATENCY_OPERATIONS;
        Map<String, Object> policyDefaults = Map.of();
        if (defaults != null && fields.requireObject(defaults, "defaults")) {
            fields.rejectUnknownKeys(defaults, "defaults", DEFAULTS_KEYS);
            defaultThresholds = tableRules.thresholds(defaults.get("thresholds"), "defaults.thresholds", Thresholds.SEED);
            defaultOperations = tableRules.latencyOperations(
                    defaults.get("latencyOperations"), "defaults.latencyOperations", DEFAULT_LATENCY_OPERATIONS);
            policyDefaults = policy.read(defaults.get("policy"), "defaults.policy", false);
        }

        Optional<SensorConfig> sensor = sensor(root.get("sensor"));
        boolean watchAllTables = fields.bool(root, "", "watchAllTables").orElse(false);
        Optional<UnnamedTables> unnamedTables = unnamedTables(root.get("unnamedTables"), watchAllTables, defaultThresholds);
        List<WatchedTable> tables = List.of();
        JsonNode tableNodes = root.get("tables");
        boolean noTables = tableNodes == null || tableNodes.isArray() && tableNodes.isEmpty();
        if (noTables && watchAllTables) {
            // Every table of the account is watched at the defaults; none needs its own alarms.
        } else if (tableNodes == null || !tableNodes.isArray() || tableNodes.isEmpty()) {
            fields.problem("tables: expected a non-empty list of the tables to watch (or \"watchAllTables\": true)");
        } else {
            tables = tableRules.tables(tableNodes, deploymentName, sensor.isPresent(), defaultThresholds, defaultOperations);
        }
        return new ResponderConfig(file, deploymentName, dryRun, killSwitch, notifications, policyDefaults, tables,
                unnamedTables, sensor);
    }

    private Optional<SensorConfig> sensor(JsonNode node) {
        if (node == null || !fields.requireObject(node, "sensor")) {
            return Optional.empty();
        }
        fields.rejectUnknownKeys(node, "sensor", SENSOR_KEYS);
        String namespace = fields.text(node, "sensor", "namespace").orElse(SensorMetrics.DEFAULT_NAMESPACE);
        if (!SensorMetrics.isValidNamespace(namespace)) {
            fields.problem(("sensor.namespace: \"%s\" is not a custom CloudWatch namespace: 1-255 of letters, digits,"
                    + " . - _ / # : or space, not starting with AWS/").formatted(namespace));
        }
        List<String> logGroups = fields.stringList(node.get("logGroups"), "sensor.logGroups");
        for (int i = 0; i < logGroups.size(); i++) {
            if (!SensorMetrics.isValidLogGroupName(logGroups.get(i))) {
                fields.problem("sensor.logGroups[%d]: \"%s\" is not a log group name: 1-512 of letters, digits, . - _ / #"
                        .formatted(i, logGroups.get(i)));
            }
        }
        if (logGroups.size() > SensorMetrics.MAX_LOG_GROUPS) {
            fields.problem("sensor.logGroups: %d log groups; one Logs Insights query reads at most %d"
                    .formatted(logGroups.size(), SensorMetrics.MAX_LOG_GROUPS));
        }
        if (logGroups.stream().distinct().count() < logGroups.size()) {
            fields.problem("sensor.logGroups: a log group is listed twice");
        }
        return Optional.of(new SensorConfig(namespace, logGroups));
    }

    private Optional<UnnamedTables> unnamedTables(JsonNode node, boolean watchAllTables, Thresholds thresholds) {
        if (!watchAllTables) {
            if (node != null) {
                fields.problem("unnamedTables: applies only with \"watchAllTables\": true");
            }
            return Optional.empty();
        }
        if (node != null && (!fields.requireObject(node, "unnamedTables"))) {
            return Optional.empty();
        }
        if (node != null) {
            fields.rejectUnknownKeys(node, "unnamedTables", UNNAMED_TABLES_KEYS);
        }
        JsonNode settings = node == null ? MAPPER.createObjectNode() : node;
        return Optional.of(new UnnamedTables(
                tagText(settings, "optInTagKey", OptInTag.DEFAULT_KEY, true),
                tagText(settings, "optInTagValue", OptInTag.DEFAULT_VALUE, false),
                fields.bool(settings, "unnamedTables", "contributorInsightsWithoutOptIn").orElse(false),
                thresholds));
    }

    private String tagText(JsonNode node, String key, String fallback, boolean tagKey) {
        String value = fields.text(node, "unnamedTables", key).orElse(fallback);
        if (tagKey ? !OptInTag.isValidKey(value) : !OptInTag.isValidValue(value)) {
            fields.problem("unnamedTables.%s: \"%s\" is not a tag %s: 1-%d characters, not starting with aws:".formatted(
                    key, value, tagKey ? "key" : "value", tagKey ? OptInTag.MAX_KEY_LENGTH : OptInTag.MAX_VALUE_LENGTH));
        }
        return value;
    }

    private Notifications notifications(JsonNode node) {
        if (node == null) {
            fields.problem("notifications: missing; name at least one e-mail address or a chatTopicArn,"
                    + " or nobody hears what the responder did");
            return new Notifications(List.of(), Optional.empty(), Optional.empty());
        }
        if (!fields.requireObject(node, "notifications")) {
            return new Notifications(List.of(), Optional.empty(), Optional.empty());
        }
        fields.rejectUnknownKeys(node, "notifications", NOTIFICATION_KEYS);
        List<String> emails = fields.stringList(node.get("emails"), "notifications.emails");
        for (int i = 0; i < emails.size(); i++) {
            if (!EMAIL.matcher(emails.get(i)).matches()) {
                fields.problem("notifications.emails[%d]: \"%s\" is not an e-mail address".formatted(i, emails.get(i)));
            }
        }
        Optional<String> chatTopicArn = fields.text(node, "notifications", "chatTopicArn");
        chatTopicArn.filter(arn -> !SNS_TOPIC_ARN.matcher(arn).matches()).ifPresent(arn -> fields.problem(
                "notifications.chatTopicArn: \"%s\" is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"
                        .formatted(arn)));
        if (emails.isEmpty() && chatTopicArn.isEmpty()) {
            fields.problem("notifications: name at least one e-mail address or a chatTopicArn,"
                    + " or nobody hears what the responder did");
        }
        Optional<String> runbookUrl = fields.text(node, "notifications", "runbookUrl");
        runbookUrl.filter(url -> !url.startsWith("https://")).ifPresent(url -> fields.problem(
                "notifications.runbookUrl: \"%s\" is not an https URL".formatted(url)));
        return new Notifications(emails, chatTopicArn, runbookUrl);
    }
}
