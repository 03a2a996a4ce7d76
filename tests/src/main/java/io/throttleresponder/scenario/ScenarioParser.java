package io.throttleresponder.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.RegionCode;
import io.throttleresponder.infra.AlarmSignal;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.model.Operation;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxException;
import io.throttleresponder.sandbox.SandboxTables;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import io.throttleresponder.scenario.Scenario.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a scenario file and checks all of it before anything runs: unknown keys, a step with no
 * action or two, steps out of order, tables, indexes and metrics the sandbox does not have. Every
 * problem is a {@link ScenarioException} naming the file, the step and what is wrong.
 */
public final class ScenarioParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS =
            Set.of("account", "region", "start", "tables", "policy", "insights", "accountLimits", "runFor", "alarms", "steps");
    /** The top-level "alarms": how the alarms' states come about. */
    private static final String ALARMS_EVALUATED = "evaluated";
    private static final Set<String> ACTIONS =
            Set.of("alarm", "event", "metrics", "capacity", "scalableTarget", "scalingPolicy", "billingMode", "busy", "ops",
                    "contributorInsights", "deleteTable");
    private static final Set<String> ALARM_KEYS = Set.of("table", "index", "metric", "state", "value", "delivery");
    /** DescribeLimits' members. */
    private static final Set<String> LIMITS = Set.of("AccountMaxReadCapacityUnits", "AccountMaxWriteCapacityUnits",
            "TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits");
    private static final Set<String> CONSUMED = Set.of("ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private final Path file;
    private final Path base;
    private final Path defaultInsights;

    private ScenarioParser(Path file, Path defaultInsights) {
        this.file = file;
        this.base = file.toAbsolutePath().getParent();
        this.defaultInsights = defaultInsights;
    }

    /** @param defaultInsights the runner's --insights, used when the scenario names none */
    public static Scenario parse(Path file, Path defaultInsights) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new ScenarioException("scenario " + file + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario " + file + ": " + e.getMessage());
        }
        return new ScenarioParser(file, defaultInsights).scenario(root);
    }

    private Scenario scenario(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw problem("must be a JSON object");
        }
        unknownKeys(root, KEYS, "");
        String account = optionalText(root, "account", Sandbox.Settings.DEFAULT_ACCOUNT);
        if (!OwnAccount.isAccountId(account)) {
            throw problem("account must be 12 digits, was \"" + account + "\"");
        }
        String region = optionalText(root, "region", Sandbox.Settings.DEFAULT_REGION);
        if (!RegionCode.isCode(region)) {
            throw problem("region must be a Region code such as us-east-1, was \"" + region + "\"");
        }
        Instant start = instant(required(root, "start", ""), "start");
        List<SandboxTables.SandboxTable> tables = tables(required(root, "tables", ""));
        Policy policy = root.has("policy") ? policy(root.get("policy")) : null;
        Path insights = root.has("insights") ? directory(root.get("insights")) : defaultInsights;
        Map<String, Long> limits = root.has("accountLimits") ? accountLimits(root.get("accountLimits")) : Map.of();
        Duration runFor = root.has("runFor") ? duration(root.get("runFor"), "runFor") : Duration.ZERO;
        boolean evaluated = root.has("alarms") && alarmsEvaluated(root.get("alarms"));
        JsonNode steps = required(root, "steps", "");
        if (!steps.isArray()) {
            throw problem("steps must be an array");
        }
        Tables known = new Tables(tables);
        List<Step> parsed = new ArrayList<>();
        Instant previous = start;
        for (int i = 0; i < steps.size(); i++) {
            Step step = step(i + 1, steps.get(i), start, known);
            if (evaluated && step instanceof Scenario.AlarmStep) {
                throw problem("step %d (at %s): with \"alarms\": \"evaluated\" the sandbox decides the alarms' states from"
                        .formatted(step.number(), steps.get(i).get("at").asText())
                        + " the metrics: state throttling with a metrics step (or send a recorded notification with an event step)");
            }
            if (step.at().isBefore(previous)) {
                throw problem("step %d (at %s) is out of order: it comes before the step above it (%s)"
                        .formatted(step.number(), steps.get(i).get("at").asText(), previous));
            }
            previous = step.at();
            parsed.add(step);
        }
        return new Scenario(file, account, region, start, tables, policy, insights, limits, runFor, evaluated, parsed);
    }

    private boolean alarmsEvaluated(JsonNode alarms) {
        if (!alarms.isTextual() || !alarms.asText().equals(ALARMS_EVALUATED)) {
            throw problem("alarms must be \"" + ALARMS_EVALUATED + "\" (the sandbox evaluates the stack's alarms), was "
                    + alarms + "; leave it out to state the alarms with alarm steps");
        }
        return true;
    }

    private Step step(int number, JsonNode node, Instant start, Tables tables) {
        if (node == null || !node.isObject()) {
            throw problem("step " + number + " must be a JSON object");
        }
        JsonNode atNode = node.get("at");
        if (atNode == null || !atNode.isTextual()) {
            throw problem("step " + number + " needs \"at\": \"+90s\", \"+15m\", \"+2h30m\" or an ISO-8601 instant");
        }
        String where = "step %d (at %s)".formatted(number, atNode.asText());
        Instant at = at(atNode.asText(), start, where);
        List<String> actions = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!name.equals("at")) {
                if (!ACTIONS.contains(name)) {
                    throw problem(where + ": unknown key \"" + name + "\" (one of " + new TreeSet<>(ACTIONS) + ")");
                }
                actions.add(name);
            }
        });
        if (actions.size() != 1) {
            throw problem(where + (actions.isEmpty() ? ": has no action" : ": has " + actions.size() + " actions " + actions)
                    + "; a step takes exactly one of " + new TreeSet<>(ACTIONS));
        }
        JsonNode value = node.get(actions.get(0));
        String action = where + " " + actions.get(0);
        return switch (actions.get(0)) {
            case "alarm" -> alarm(number, at, value, action, tables);
            case "event" -> new Scenario.EventStep(number, at, existingFile(value, action));
            case "metrics" -> new Scenario.MetricsStep(number, at, byResource(value, action, tables,
                    (metrics, where2) -> metrics(metrics, where2)));
            case "capacity" -> new Scenario.CapacityStep(number, at, byResource(value, action, tables,
                    (units, where2) -> byOperation(units, where2, (n, w) -> positiveLong(n, w))));
            case "scalableTarget" -> new Scenario.ScalableTargetStep(number, at, byResource(value, action, tables,
                    (targets, where2) -> byOperation(targets, where2, this::bounds)));
            case "scalingPolicy" -> scalingPolicy(number, at, value, action, tables);
            case "billingMode" -> new Scenario.BillingModeStep(number, at, byTable(value, action, tables, this::billingMode));
            case "busy" -> new Scenario.BusyStep(number, at, byTable(value, action, tables, this::duration));
            case "ops" -> new Scenario.OpsStep(number, at, text(value, action));
            case "contributorInsights" -> new Scenario.ContributorInsightsStep(number, at, byResource(value, action, tables,
                    this::insightsStatus));
            case "deleteTable" -> {
                String table = text(value, action);
                tables.resource(ResourceId.table(table), action);
                yield new Scenario.DeleteTableStep(number, at, table);
            }
            default -> throw new IllegalStateException(actions.get(0));
        };
    }

    private Scenario.ScalingPolicyStep scalingPolicy(int number, Instant at, JsonNode value, String where, Tables tables) {
        PutScalingPolicyRequest request;
        try {
            request = SandboxTables.putScalingPolicy(value, where);
        } catch (SandboxException e) {
            throw problem(e.getMessage());
        }
        if (request.resourceId() == null) {
            throw problem(where + " lacks ResourceId");
        }
        try {
            tables.resource(ResourceId.parse(request.resourceId()), where);
        } catch (IllegalArgumentException e) {
            throw problem(where + ".ResourceId: " + e.getMessage());
        }
        return new Scenario.ScalingPolicyStep(number, at, request);
    }

    private Scenario.AlarmStep alarm(int number, Instant at, JsonNode alarm, String where, Tables tables) {
        object(alarm, where);
        unknownKeys(alarm, ALARM_KEYS, where + ": ");
        String table = text(required(alarm, "table", where), where + ".table");
        String index = alarm.has("index") ? text(alarm.get("index"), where + ".index") : null;
        ResourceId resource = tables.resource(new ResourceId(table, index), where);
        String metric = text(required(alarm, "metric", where), where + ".metric");
        AlarmSignal signal = Arrays.stream(AlarmSignal.values()).filter(s -> s.signalName().equals(metric)).findFirst()
                .orElseThrow(() -> problem(where + ": the stacks create no alarm on \"" + metric + "\" (one of "
                        + Arrays.stream(AlarmSignal.values()).map(AlarmSignal::signalName).toList() + ")"));
        BillingMode billingMode = tables.billingMode(table);
        if (!signal.appliesTo(billingMode, resource.isIndex())) {
            throw problem(where + ": the stacks create no " + metric + " alarm for " + resource + " ("
                    + billingMode + (resource.isIndex() ? " index" : " table") + ")");
        }
        String state = text(required(alarm, "state", where), where + ".state");
        if (!state.equals("ALARM") && !state.equals("OK")) {
            throw problem(where + ".state must be ALARM or OK, was \"" + state + "\"");
        }
        double value = number(required(alarm, "value", where), where + ".value");
        Scenario.Delivery delivery = alarm.has("delivery")
                ? enumValue(Scenario.Delivery.class, text(alarm.get("delivery"), where + ".delivery"), where + ".delivery")
                : Scenario.Delivery.SNS;
        return new Scenario.AlarmStep(number, at, resource, metric, state, value, delivery);
    }

    private Map<String, Double> metrics(JsonNode metrics, String where) {
        object(metrics, where);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            boolean throttle = Arrays.stream(AlarmSignal.values())
                    .anyMatch(s -> s.kind() == AlarmSignal.Kind.THROTTLE_EVENTS && s.signalName().equals(name));
            if (!throttle && !CONSUMED.contains(name)) {
                throw problem(where + ": unknown metric \"" + name + "\" (consumed capacity in units per second: "
                        + new TreeSet<>(CONSUMED) + "; or a *ThrottleEvents metric, per minute)");
            }
            if (entry.getValue().isNull()) {
                // No datapoint from now on: what DynamoDB publishes for a throttle metric in a quiet minute.
                values.put(name, null);
                continue;
            }
            double value = number(entry.getValue(), where + "." + name);
            if (value < 0) {
                throw problem(where + "." + name + " must not be negative, was " + value);
            }
            values.put(name, value);
        }
        return values;
    }

    private <T> Map<Operation, T> byOperation(JsonNode node, String where, BiFunction<JsonNode, String, T> value) {
        object(node, where);
        Map<Operation, T> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Operation operation = enumValue(Operation.class, entry.getKey(), where + " key");
            values.put(operation, value.apply(entry.getValue(), where + "." + entry.getKey()));
        }
        if (values.isEmpty()) {
            throw problem(where + " names neither READ nor WRITE");
        }
        return values;
    }

    private Scenario.Bounds bounds(JsonNode node, String where) {
        object(node, where);
        unknownKeys(node, Set.of("min", "max"), where + ": ");
        Integer min = node.has("min") ? Math.toIntExact(positiveLong(node.get("min"), where + ".min")) : null;
        Integer max = node.has("max") ? Math.toIntExact(positiveLong(node.get("max"), where + ".max")) : null;
        if (min == null && max == null) {
            throw problem(where + " needs min, max or both");
        }
        return new Scenario.Bounds(min, max);
    }

    private String insightsStatus(JsonNode node, String where) {
        String status = text(node, where);
        if (!status.equals("ENABLED") && !status.equals("DISABLED")) {
            throw problem(where + " must be ENABLED or DISABLED, was \"" + status + "\"");
        }
        return status;
    }

    private String billingMode(JsonNode node, String where) {
        String mode = text(node, where);
        if (!mode.equals("PROVISIONED") && !mode.equals("PAY_PER_REQUEST")) {
            throw problem(where + " must be PROVISIONED or PAY_PER_REQUEST, was \"" + mode + "\"");
        }
        return mode;
    }

    private <T> Map<ResourceId, T> byResource(JsonNode node, String where, Tables tables, BiFunction<JsonNode, String, T> value) {
        object(node, where);
        Map<ResourceId, T> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ResourceId named;
            try {
                named = ResourceId.parse(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw problem(where + ": " + e.getMessage());
            }
            ResourceId resource = tables.resource(named, where);
            values.put(resource, value.apply(entry.getValue(), where + "." + entry.getKey()));
        }
        if (values.isEmpty()) {
            throw problem(where + " names no resource");
        }
        return values;
    }

    private <T> Map<String, T> byTable(JsonNode node, String where, Tables tables, BiFunction<JsonNode, String, T> value) {
        object(node, where);
        Map<String, T> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tables.resource(ResourceId.table(entry.getKey()), where);
            values.put(entry.getKey(), value.apply(entry.getValue(), where + "." + entry.getKey()));
        }
        if (values.isEmpty()) {
            throw problem(where + " names no table");
        }
        return values;
    }

    private List<SandboxTables.SandboxTable> tables(JsonNode node) {
        try {
            if (node.isTextual()) {
                return SandboxTables.read(base.resolve(node.asText()));
            }
            if (node.isArray()) {
                return SandboxTables.read((ArrayNode) node, file + " tables");
            }
        } catch (ScenarioException e) {
            throw e;
        } catch (SandboxException e) {
            throw problem("tables: " + e.getMessage());
        }
        throw problem("tables must be a path or an array of CreateTable inputs");
    }

    private Policy policy(JsonNode node) {
        try {
            if (node.isTextual()) {
                Path policy = base.resolve(node.asText());
                return PolicyParser.parse(Files.readString(policy), policy.toString());
            }
            if (node.isObject()) {
                return PolicyParser.parse(node.toString(), file + " policy");
            }
        } catch (IOException e) {
            throw problem("policy: cannot read " + node.asText() + ": " + e.getMessage());
        } catch (PolicyException e) {
            throw problem("policy: " + e.getMessage());
        }
        throw problem("policy must be a path or the policy object");
    }

    private Path directory(JsonNode node) {
        Path directory = base.resolve(text(node, "insights"));
        if (!Files.isDirectory(directory)) {
            throw problem("insights: " + directory + " is not a directory");
        }
        return directory;
    }

    private Path existingFile(JsonNode node, String where) {
        Path event = base.resolve(text(node, where));
        if (!Files.isRegularFile(event)) {
            throw problem(where + ": no file " + event);
        }
        return event;
    }

    private Map<String, Long> accountLimits(JsonNode node) {
        object(node, "accountLimits");
        unknownKeys(node, LIMITS, "accountLimits: ");
        Map<String, Long> limits = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> limits.put(e.getKey(), positiveLong(e.getValue(), "accountLimits." + e.getKey())));
        return limits;
    }

    private Instant at(String at, Instant start, String where) {
        if (at.startsWith("+")) {
            return start.plus(duration(at.substring(1), where));
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw problem(where + ": \"at\" must be \"+90s\", \"+15m\", \"+2h30m\" or an ISO-8601 instant");
        }
    }

    private Instant instant(JsonNode node, String where) {
        try {
            return Instant.parse(text(node, where));
        } catch (DateTimeParseException e) {
            throw problem(where + " must be an ISO-8601 instant such as 2026-11-20T03:00:00Z, was \"" + node.asText() + "\"");
        }
    }

    private Duration duration(JsonNode node, String where) {
        return duration(text(node, where), where);
    }

    private Duration duration(String text, String where) {
        Matcher matcher = DURATION.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            throw problem(where + ": \"" + text + "\" is not a duration such as 90s, 15m or 2h30m");
        }
        return Duration.ofHours(group(matcher, 1)).plusMinutes(group(matcher, 2)).plusSeconds(group(matcher, 3));
    }

    private static long group(Matcher matcher, int group) {
        return matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group));
    }

    private long positiveLong(JsonNode node, String where) {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 1) {
            throw problem(where + " must be a whole number of at least 1, was " + node);
        }
        return node.asLong();
    }

    private double number(JsonNode node, String where) {
        if (node == null || !node.isNumber()) {
            throw problem(where + " must be a number, was " + node);
        }
        return node.asDouble();
    }

    private String text(JsonNode node, String where) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw problem(where + " must be a non-empty string, was " + node);
        }
        return node.asText();
    }

    private String optionalText(JsonNode node, String key, String fallback) {
        return node.has(key) ? text(node.get(key), key) : fallback;
    }

    private JsonNode required(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw problem((where.isEmpty() ? "" : where + ": ") + "\"" + key + "\" is required");
        }
        return value;
    }

    private void object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw problem(where + " must be a JSON object, was " + node);
        }
    }

    private void unknownKeys(JsonNode node, Set<String> known, String where) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw problem(where + "unknown key \"" + name + "\" (known: " + new TreeSet<>(known) + ")");
            }
        });
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw problem(where + " must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()
                    + ", was \"" + value + "\"");
        }
    }

    private ScenarioException problem(String message) {
        return new ScenarioException("scenario " + file + ": " + message);
    }

    /** The sandbox's tables and GSIs, to check the names steps use. */
    private final class Tables {
        private final Map<String, SandboxTables.SandboxTable> byName;

        Tables(List<SandboxTables.SandboxTable> tables) {
            byName = tables.stream().collect(Collectors.toMap(t -> t.createTable().tableName(), t -> t,
                    (a, b) -> a, LinkedHashMap::new));
        }

        ResourceId resource(ResourceId id, String where) {
            SandboxTables.SandboxTable table = byName.get(id.table());
            if (table == null) {
                throw problem(where + ": unknown table \"" + id.table() + "\" (the sandbox has " + byName.keySet() + ")");
            }
            if (id.isIndex() && table.createTable().globalSecondaryIndexes().stream()
                    .noneMatch(g -> g.indexName().equals(id.index()))) {
                throw problem(where + ": table " + id.table() + " has no global secondary index \"" + id.index() + "\"");
            }
            return id;
        }

        BillingMode billingMode(String table) {
            return "PAY_PER_REQUEST".equals(byName.get(table).createTable().billingModeAsString())
                    ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
        }
    }
}
