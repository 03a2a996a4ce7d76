package io.throttleresponder.infra.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.DynamoDbNames;
import io.throttleresponder.contract.OptInTag;
import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.infra.AlarmSignal;
import io.throttleresponder.infra.WatchedTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the configuration file (JSON with comments). Every problem is collected and
 * reported at once, each with its key path, so a bad file fails synth before anything is deployed.
 */
public final class ConfigLoader {

    public static final String DEFAULT_DEPLOYMENT_NAME = "throttle-responder";
    public static final List<String> DEFAULT_LATENCY_OPERATIONS = List.of("GetItem", "Query", "PutItem");

    /** A metric-math alarm may hold at most 10 metrics; the latency alarm holds one per operation. */
    static final int MAX_LATENCY_OPERATIONS = 10;

    private static final int MAX_ALARM_NAME_LENGTH = 255;
    // Stack names allow 128 characters; 40 keeps every alarm, topic and function name derived from it short.
    private static final Pattern DEPLOYMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,39}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    private static final Set<String> LATENCY_OPERATIONS = Set.of(
            "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
            "TransactGetItems", "TransactWriteItems", "ExecuteStatement", "BatchExecuteStatement",
            "ExecuteTransaction", "GetRecords");

    private static final Set<String> ROOT_KEYS =
            Set.of("deploymentName", "dryRun", "killSwitch", "notifications", "defaults", "tables", "watchAllTables",
                    "unnamedTables", "sensor");
    private static final Set<String> SENSOR_KEYS = Set.of("namespace", "logGroups");
    private static final Set<String> UNNAMED_TABLES_KEYS =
            Set.of("optInTagKey", "optInTagValue", "contributorInsightsWithoutOptIn");
    private static final Set<String> NOTIFICATION_KEYS = Set.of("emails", "chatTopicArn", "runbookUrl");
    private static final Set<String> DEFAULTS_KEYS = Set.of("thresholds", "latencyOperations", "policy");
    private static final Set<String> TABLE_KEYS =
            Set.of("name", "billingMode", "indexes", "thresholds", "latencyOperations", "policy");
    private static final Set<String> THRESHOLD_KEYS =
            Set.of("throttleEventsPerMinute", "utilizationPercent", "latencyMilliseconds");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final List<String> problems = new ArrayList<>();

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
        if (!loader.problems.isEmpty()) {
            throw new ConfigException(file, loader.problems);
        }
        return config;
    }

    private ResponderConfig read(JsonNode root) {
        if (root == null || !root.isObject()) {
            problems.add("(top level): expected an object with a \"tables\" list");
            return null;
        }
        rejectUnknownKeys(root, "", ROOT_KEYS);
        String deploymentName = text(root, "", "deploymentName").orElse(DEFAULT_DEPLOYMENT_NAME);
        if (!DEPLOYMENT_NAME.matcher(deploymentName).matches()) {
            problems.add("deploymentName: \"%s\" is not valid: 1-40 letters, digits or '-', starting with a letter"
                    .formatted(deploymentName));
        }
        boolean dryRun = bool(root, "", "dryRun").orElse(false);
        boolean killSwitch = bool(root, "", "killSwitch").orElse(false);
        Notifications notifications = notifications(root.get("notifications"));

        JsonNode defaults = root.get("defaults");
        Thresholds defaultThresholds = Thresholds.SEED;
        List<String> defaultOperations = DEFAULT_LATENCY_OPERATIONS;
        Map<String, Object> policyDefaults = Map.of();
        if (defaults != null && requireObject(defaults, "defaults")) {
            rejectUnknownKeys(defaults, "defaults", DEFAULTS_KEYS);
            defaultThresholds = thresholds(defaults.get("thresholds"), "defaults.thresholds", Thresholds.SEED);
            defaultOperations = latencyOperations(
                    defaults.get("latencyOperations"), "defaults.latencyOperations", DEFAULT_LATENCY_OPERATIONS);
            policyDefaults = policy(defaults.get("policy"), "defaults.policy", false);
        }

        Optional<SensorConfig> sensor = sensor(root.get("sensor"));
        boolean watchAllTables = bool(root, "", "watchAllTables").orElse(false);
        Optional<UnnamedTables> unnamedTables = unnamedTables(root.get("unnamedTables"), watchAllTables, defaultThresholds);
        List<WatchedTable> tables = new ArrayList<>();
        JsonNode tableNodes = root.get("tables");
        boolean noTables = tableNodes == null || tableNodes.isArray() && tableNodes.isEmpty();
        if (noTables && watchAllTables) {
            // Every table of the account is watched at the defaults; none needs its own alarms.
        } else if (tableNodes == null || !tableNodes.isArray() || tableNodes.isEmpty()) {
            problems.add("tables: expected a non-empty list of the tables to watch (or \"watchAllTables\": true)");
        } else {
            Map<String, Integer> firstIndexByName = new HashMap<>();
            Map<String, String> alarmSubjectByLabel = new HashMap<>();
            for (int i = 0; i < tableNodes.size(); i++) {
                String path = "tables[%d]".formatted(i);
                WatchedTable table = table(tableNodes.get(i), path, defaultThresholds, defaultOperations);
                if (table == null) {
                    continue;
                }
                Integer first = firstIndexByName.putIfAbsent(table.name(), i);
                if (first != null) {
                    problems.add("%s.name: table \"%s\" is listed twice (also tables[%d])".formatted(path, table.name(), first));
                }
                checkAlarmNameLength(deploymentName, table, path, sensor.isPresent());
                if (first == null) {
                    checkAlarmNamesAreDistinct(table, path, alarmSubjectByLabel);
                }
                tables.add(table);
            }
        }
        return new ResponderConfig(file, deploymentName, dryRun, killSwitch, notifications, policyDefaults, tables,
                unnamedTables, sensor);
    }

    private Optional<SensorConfig> sensor(JsonNode node) {
        if (node == null || !requireObject(node, "sensor")) {
            return Optional.empty();
        }
        rejectUnknownKeys(node, "sensor", SENSOR_KEYS);
        String namespace = text(node, "sensor", "namespace").orElse(SensorMetrics.DEFAULT_NAMESPACE);
        if (!SensorMetrics.isValidNamespace(namespace)) {
            problems.add(("sensor.namespace: \"%s\" is not a custom CloudWatch namespace: 1-255 of letters, digits,"
                    + " . - _ / # : or space, not starting with AWS/").formatted(namespace));
        }
        List<String> logGroups = stringList(node.get("logGroups"), "sensor.logGroups");
        for (int i = 0; i < logGroups.size(); i++) {
            if (!SensorMetrics.isValidLogGroupName(logGroups.get(i))) {
                problems.add("sensor.logGroups[%d]: \"%s\" is not a log group name: 1-512 of letters, digits, . - _ / #"
                        .formatted(i, logGroups.get(i)));
            }
        }
        if (logGroups.size() > SensorMetrics.MAX_LOG_GROUPS) {
            problems.add("sensor.logGroups: %d log groups; one Logs Insights query reads at most %d"
                    .formatted(logGroups.size(), SensorMetrics.MAX_LOG_GROUPS));
        }
        if (logGroups.stream().distinct().count() < logGroups.size()) {
            problems.add("sensor.logGroups: a log group is listed twice");
        }
        return Optional.of(new SensorConfig(namespace, logGroups));
    }

    private Optional<UnnamedTables> unnamedTables(JsonNode node, boolean watchAllTables, Thresholds thresholds) {
        if (!watchAllTables) {
            if (node != null) {
                problems.add("unnamedTables: applies only with \"watchAllTables\": true");
            }
            return Optional.empty();
        }
        if (node != null && (!requireObject(node, "unnamedTables"))) {
            return Optional.empty();
        }
        if (node != null) {
            rejectUnknownKeys(node, "unnamedTables", UNNAMED_TABLES_KEYS);
        }
        JsonNode settings = node == null ? MAPPER.createObjectNode() : node;
        return Optional.of(new UnnamedTables(
                tagText(settings, "optInTagKey", OptInTag.DEFAULT_KEY, true),
                tagText(settings, "optInTagValue", OptInTag.DEFAULT_VALUE, false),
                bool(settings, "unnamedTables", "contributorInsightsWithoutOptIn").orElse(false),
                thresholds));
    }

    private String tagText(JsonNode node, String key, String fallback, boolean tagKey) {
        String value = text(node, "unnamedTables", key).orElse(fallback);
        if (tagKey ? !OptInTag.isValidKey(value) : !OptInTag.isValidValue(value)) {
            problems.add("unnamedTables.%s: \"%s\" is not a tag %s: 1-%d characters, not starting with aws:".formatted(
                    key, value, tagKey ? "key" : "value", tagKey ? OptInTag.MAX_KEY_LENGTH : OptInTag.MAX_VALUE_LENGTH));
        }
        return value;
    }

    private Notifications notifications(JsonNode node) {
        if (node == null) {
            problems.add("notifications: missing; name at least one e-mail address or a chatTopicArn,"
                    + " or nobody hears what the responder did");
            return new Notifications(List.of(), Optional.empty(), Optional.empty());
        }
        if (!requireObject(node, "notifications")) {
            return new Notifications(List.of(), Optional.empty(), Optional.empty());
        }
        rejectUnknownKeys(node, "notifications", NOTIFICATION_KEYS);
        List<String> emails = stringList(node.get("emails"), "notifications.emails");
        for (int i = 0; i < emails.size(); i++) {
            if (!EMAIL.matcher(emails.get(i)).matches()) {
                problems.add("notifications.emails[%d]: \"%s\" is not an e-mail address".formatted(i, emails.get(i)));
            }
        }
        Optional<String> chatTopicArn = text(node, "notifications", "chatTopicArn");
        chatTopicArn.filter(arn -> !SNS_TOPIC_ARN.matcher(arn).matches()).ifPresent(arn -> problems.add(
                "notifications.chatTopicArn: \"%s\" is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"
                        .formatted(arn)));
        if (emails.isEmpty() && chatTopicArn.isEmpty()) {
            problems.add("notifications: name at least one e-mail address or a chatTopicArn,"
                    + " or nobody hears what the responder did");
        }
        Optional<String> runbookUrl = text(node, "notifications", "runbookUrl");
        runbookUrl.filter(url -> !url.startsWith("https://")).ifPresent(url -> problems.add(
                "notifications.runbookUrl: \"%s\" is not an https URL".formatted(url)));
        return new Notifications(emails, chatTopicArn, runbookUrl);
    }

    private WatchedTable table(JsonNode node, String path, Thresholds defaultThresholds, List<String> defaultOperations) {
        if (!requireObject(node, path)) {
            return null;
        }
        rejectUnknownKeys(node, path, TABLE_KEYS);
        Optional<String> name = text(node, path, "name");
        if (name.isEmpty()) {
            problems.add(path + ".name: missing; every watched table needs its DynamoDB table name");
            return null;
        }
        if (!DynamoDbNames.isValid(name.get())) {
            problems.add("%s.name: \"%s\" is not a valid DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.')"
                    .formatted(path, name.get()));
        }
        BillingMode billingMode = billingMode(node, path);
        List<String> indexes = stringList(node.get("indexes"), path + ".indexes");
        Map<String, Integer> firstIndexByName = new HashMap<>();
        for (int i = 0; i < indexes.size(); i++) {
            String index = indexes.get(i);
            if (!DynamoDbNames.isValid(index)) {
                problems.add("%s.indexes[%d]: \"%s\" is not a valid index name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.')"
                        .formatted(path, i, index));
            }
            Integer first = firstIndexByName.putIfAbsent(index, i);
            if (first != null) {
                problems.add("%s.indexes[%d]: index \"%s\" is listed twice (also indexes[%d])".formatted(path, i, index, first));
            }
        }
        return new WatchedTable(
                name.get(),
                billingMode,
                indexes,
                thresholds(node.get("thresholds"), path + ".thresholds", defaultThresholds),
                latencyOperations(node.get("latencyOperations"), path + ".latencyOperations", defaultOperations),
                policy(node.get("policy"), path + ".policy", true));
    }

    private BillingMode billingMode(JsonNode table, String path) {
        Optional<String> value = text(table, path, "billingMode");
        if (value.isEmpty()) {
            problems.add(path + ".billingMode: missing; state PROVISIONED or PAY_PER_REQUEST, as the table has it");
            return BillingMode.PROVISIONED;
        }
        try {
            return BillingMode.valueOf(value.get());
        } catch (IllegalArgumentException e) {
            problems.add("%s.billingMode: \"%s\" is not PROVISIONED or PAY_PER_REQUEST".formatted(path, value.get()));
            return BillingMode.PROVISIONED;
        }
    }

    private Thresholds thresholds(JsonNode node, String path, Thresholds inherited) {
        if (node == null || !requireObject(node, path)) {
            return inherited;
        }
        rejectUnknownKeys(node, path, THRESHOLD_KEYS);
        return new Thresholds(
                positiveNumber(node, path, "throttleEventsPerMinute").orElse(inherited.throttleEventsPerMinute()),
                positiveNumber(node, path, "utilizationPercent").orElse(inherited.utilizationPercent()),
                positiveNumber(node, path, "latencyMilliseconds").orElse(inherited.latencyMilliseconds()));
    }

    private Optional<Double> positiveNumber(JsonNode parent, String path, String key) {
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

    private List<String> latencyOperations(JsonNode node, String path, List<String> inherited) {
        if (node == null) {
            return inherited;
        }
        List<String> operations = stringList(node, path);
        if (operations.isEmpty() || operations.size() > MAX_LATENCY_OPERATIONS) {
            problems.add("%s: name 1 to %d operations (one metric each; a metric-math alarm holds at most %d metrics)"
                    .formatted(path, MAX_LATENCY_OPERATIONS, MAX_LATENCY_OPERATIONS));
            return inherited;
        }
        for (int i = 0; i < operations.size(); i++) {
            String operation = operations.get(i);
            if (!LATENCY_OPERATIONS.contains(operation)) {
                problems.add("%s[%d]: \"%s\" is not a DynamoDB operation with a SuccessfulRequestLatency metric"
                        .formatted(path, i, operation));
            } else if (operations.indexOf(operation) != i) {
                problems.add("%s[%d]: \"%s\" is listed twice".formatted(path, i, operation));
            }
        }
        return operations;
    }

    private Map<String, Object> policy(JsonNode node, String path, boolean perTable) {
        Map<String, Object> policy = new LinkedHashMap<>();
        if (node == null || !requireObject(node, path)) {
            return policy;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String keyPath = path + "." + key;
            if ("dryRun".equals(key) && !perTable) {
                problems.add(keyPath + ": set the top-level \"dryRun\" for every table; a table's own policy may override it");
                continue;
            }
            Optional<PolicyOption> option = PolicyOption.named(key);
            if (option.isEmpty()) {
                problems.add("%s: unknown key; the policy keys are %s".formatted(keyPath, PolicyOption.names()));
                continue;
            }
            option.get().validate(field.getValue()).ifPresentOrElse(
                    problem -> problems.add(keyPath + ": " + problem),
                    () -> policy.put(key, option.get().value(field.getValue())));
        }
        return policy;
    }

    private void checkAlarmNameLength(String deploymentName, WatchedTable table, String path, boolean withSensor) {
        int tableAlarmName = deploymentName.length() + table.name().length() + AlarmSignal.longestSignalName() + 2
                + (withSensor ? WatchedTarget.SENSOR_ALARM_SUFFIX.length() : 0);
        if (tableAlarmName > MAX_ALARM_NAME_LENGTH) {
            problems.add("%s.name: alarm names for this table would be %d characters; CloudWatch allows %d"
                    .formatted(path, tableAlarmName, MAX_ALARM_NAME_LENGTH));
            return;
        }
        for (int i = 0; i < table.indexes().size(); i++) {
            int indexAlarmName = tableAlarmName + table.indexes().get(i).length() + 1;
            if (indexAlarmName > MAX_ALARM_NAME_LENGTH) {
                problems.add("%s.indexes[%d]: alarm names for this index would be %d characters; CloudWatch allows %d"
                        .formatted(path, i, indexAlarmName, MAX_ALARM_NAME_LENGTH));
            }
        }
    }

    /** Table "a-b" and index "b" of table "a" would both be named "a-b" in alarm names. */
    private void checkAlarmNamesAreDistinct(WatchedTable table, String path, Map<String, String> subjectByLabel) {
        for (WatchedTarget target : WatchedTarget.of(table)) {
            String subject = target.index().map(index -> "%s.indexes \"%s\"".formatted(path, index)).orElse(path + ".name");
            String other = subjectByLabel.putIfAbsent(target.label(), subject);
            if (other != null) {
                problems.add("%s: its alarm names (\"%s-...\") would be the same as those of %s; rename one in the file"
                        .formatted(subject, target.label(), other));
            }
        }
    }

    private List<String> stringList(JsonNode node, String path) {
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

    private Optional<String> text(JsonNode parent, String path, String key) {
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

    private Optional<Boolean> bool(JsonNode parent, String path, String key) {
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

    private boolean requireObject(JsonNode node, String path) {
        if (node.isObject()) {
            return true;
        }
        problems.add("%s: expected an object, found %s".formatted(path, node));
        return false;
    }

    private void rejectUnknownKeys(JsonNode node, String path, Set<String> known) {
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
