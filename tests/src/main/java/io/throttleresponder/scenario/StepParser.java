package io.throttleresponder.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.AlarmSignal;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.sandbox.SandboxException;
import io.throttleresponder.sandbox.SandboxTables;
import io.throttleresponder.scenario.Scenario.Step;
import java.nio.file.Files;
import java.nio.file.Path;
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
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;

/** Reads one step of a scenario: its time and its one action, with the names it uses checked against the tables. */
final class StepParser {

    private static final Set<String> ACTIONS =
            Set.of("alarm", "event", "metrics", "capacity", "scalableTarget", "scalingPolicy", "billingMode", "busy", "ops",
                    "contributorInsights", "deleteTable");
    private static final Set<String> ALARM_KEYS = Set.of("table", "index", "metric", "state", "value", "delivery");
    private static final Set<String> CONSUMED = Set.of("ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits");

    private final ValueChecks checks;
    /** The scenario file's directory, which the steps' file names are relative to. */
    private final Path base;

    StepParser(ValueChecks checks, Path base) {
        this.checks = checks;
        this.base = base;
    }

    Step step(int number, JsonNode node, Instant start, KnownTables tables) {
        if (node == null || !node.isObject()) {
            throw checks.problem("step " + number + " must be a JSON object");
        }
        JsonNode atNode = node.get("at");
        if (atNode == null || !atNode.isTextual()) {
            throw checks.problem("step " + number + " needs \"at\": \"+90s\", \"+15m\", \"+2h30m\" or an ISO-8601 instant");
        }
        String where = "step %d (at %s)".formatted(number, atNode.asText());
        Instant at = at(atNode.asText(), start, where);
        List<String> actions = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!name.equals("at")) {
                if (!ACTIONS.contains(name)) {
                    throw checks.problem(where + ": unknown key \"" + name + "\" (one of " + new TreeSet<>(ACTIONS) + ")");
                }
                actions.add(name);
            }
        });
        if (actions.size() != 1) {
            throw checks.problem(where + (actions.isEmpty() ? ": has no action" : ": has " + actions.size() + " actions " + actions)
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
                    (units, where2) -> byOperation(units, where2, checks::positiveLong)));
            case "scalableTarget" -> new Scenario.ScalableTargetStep(number, at, byResource(value, action, tables,
                    (targets, where2) -> byOperation(targets, where2, this::bounds)));
            case "scalingPolicy" -> scalingPolicy(number, at, value, action, tables);
            case "billingMode" -> new Scenario.BillingModeStep(number, at, byTable(value, action, tables, this::billingMode));
            case "busy" -> new Scenario.BusyStep(number, at, byTable(value, action, tables, checks::duration));
            case "ops" -> new Scenario.OpsStep(number, at, checks.text(value, action));
            case "contributorInsights" -> new Scenario.ContributorInsightsStep(number, at, byResource(value, action, tables,
                    this::insightsStatus));
            case "deleteTable" -> {
                String table = checks.text(value, action);
                tables.resource(ResourceId.table(table), action);
                yield new Scenario.DeleteTableStep(number, at, table);
            }
            default -> throw new IllegalStateException(actions.get(0));
        };
    }

    private Scenario.ScalingPolicyStep scalingPolicy(int number, Instant at, JsonNode value, String where, KnownTables tables) {
        PutScalingPolicyRequest request;
        try {
            request = SandboxTables.putScalingPolicy(value, where);
        } catch (SandboxException e) {
            throw checks.problem(e.getMessage());
        }
        if (request.resourceId() == null) {
            throw checks.problem(where + " lacks ResourceId");
        }
        try {
            tables.resource(ResourceId.parse(request.resourceId()), where);
        } catch (IllegalArgumentException e) {
            throw checks.problem(where + ".ResourceId: " + e.getMessage());
        }
        return new Scenario.ScalingPolicyStep(number, at, request);
    }

    private Scenario.AlarmStep alarm(int number, Instant at, JsonNode alarm, String where, KnownTables tables) {
        checks.object(alarm, where);
        checks.unknownKeys(alarm, ALARM_KEYS, where + ": ");
        String table = checks.text(checks.required(alarm, "table", where), where + ".table");
        String index = alarm.has("index") ? checks.text(alarm.get("index"), where + ".index") : null;
        ResourceId resource = tables.resource(new ResourceId(table, index), where);
        String metric = checks.text(checks.required(alarm, "metric", where), where + ".metric");
        AlarmSignal signal = Arrays.stream(AlarmSignal.values()).filter(s -> s.signalName().equals(metric)).findFirst()
                .orElseThrow(() -> checks.problem(where + ": the stacks create no alarm on \"" + metric + "\" (one of "
                        + Arrays.stream(AlarmSignal.values()).map(AlarmSignal::signalName).toList() + ")"));
        BillingMode billingMode = tables.billingMode(table);
        if (!signal.appliesTo(billingMode, resource.isIndex())) {
            throw checks.problem(where + ": the stacks create no " + metric + " alarm for " + resource + " ("
                    + billingMode + (resource.isIndex() ? " index" : " table") + ")");
        }
        String state = checks.text(checks.required(alarm, "state", where), where + ".state");
        if (!state.equals("ALARM") && !state.equals("OK")) {
            throw checks.problem(where + ".state must be ALARM or OK, was \"" + state + "\"");
        }
        double value = checks.number(checks.required(alarm, "value", where), where + ".value");
        Scenario.Delivery delivery = alarm.has("delivery")
                ? checks.enumValue(Scenario.Delivery.class, checks.text(alarm.get("delivery"), where + ".delivery"), where + ".delivery")
                : Scenario.Delivery.SNS;
        return new Scenario.AlarmStep(number, at, resource, metric, state, value, delivery);
    }

    private Map<String, Double> metrics(JsonNode metrics, String where) {
        checks.object(metrics, where);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            boolean throttle = Arrays.stream(AlarmSignal.values())
                    .anyMatch(s -> s.kind() == AlarmSignal.Kind.THROTTLE_EVENTS && s.signalName().equals(name));
            if (!throttle && !CONSUMED.contains(name)) {
                throw checks.problem(where + ": unknown metric \"" + name + "\" (consumed capacity in units per second: "
                        + new TreeSet<>(CONSUMED) + "; or a *ThrottleEvents metric, per minute)");
            }
            if (entry.getValue().isNull()) {
                // No datapoint from now on: what DynamoDB publishes for a throttle metric in a quiet minute.
                values.put(name, null);
                continue;
            }
            double value = checks.number(entry.getValue(), where + "." + name);
            if (value < 0) {
                throw checks.problem(where + "." + name + " must not be negative, was " + value);
            }
            values.put(name, value);
        }
        return values;
    }

    private <T> Map<Operation, T> byOperation(JsonNode node, String where, BiFunction<JsonNode, String, T> value) {
        checks.object(node, where);
        Map<Operation, T> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Operation operation = checks.enumValue(Operation.class, entry.getKey(), where + " key");
            values.put(operation, value.apply(entry.getValue(), where + "." + entry.getKey()));
        }
        if (values.isEmpty()) {
            throw checks.problem(where + " names neither READ nor WRITE");
        }
        return values;
    }

    private Scenario.Bounds bounds(JsonNode node, String where) {
        checks.object(node, where);
        checks.unknownKeys(node, Set.of("min", "max"), where + ": ");
        Integer min = node.has("min") ? Math.toIntExact(checks.positiveLong(node.get("min"), where + ".min")) : null;
        Integer max = node.has("max") ? Math.toIntExact(checks.positiveLong(node.get("max"), where + ".max")) : null;
        if (min == null && max == null) {
            throw checks.problem(where + " needs min, max or both");
        }
        return new Scenario.Bounds(min, max);
    }

    private String insightsStatus(JsonNode node, String where) {
        String status = checks.text(node, where);
        if (!status.equals("ENABLED") && !status.equals("DISABLED")) {
            throw checks.problem(where + " must be ENABLED or DISABLED, was \"" + status + "\"");
        }
        return status;
    }

    private String billingMode(JsonNode node, String where) {
        String mode = checks.text(node, where);
        if (!mode.equals("PROVISIONED") && !mode.equals("PAY_PER_REQUEST")) {
            throw checks.problem(where + " must be PROVISIONED or PAY_PER_REQUEST, was \"" + mode + "\"");
        }
        return mode;
    }

    private <T> Map<ResourceId, T> byResource(JsonNode node, String where, KnownTables tables, BiFunction<JsonNode, String, T> value) {
        checks.object(node, where);
        Map<ResourceId, T> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ResourceId named;
            try {
                named = ResourceId.parse(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw checks.problem(where + ": " + e.getMessage());
            }
            ResourceId resource = tables.resource(named, where);
            values.put(resource, value.apply(entry.getValue(), where + "." + entry.getKey()));
        }
        if (values.isEmpty()) {
            throw checks.problem(where + " names no resource");
        }
        return values;
    }

    private <T> Map<String, T> byTable(JsonNode node, String where, KnownTables tables, BiFunction<JsonNode, String, T> value) {
        checks.object(node, where);
        Map<String, T> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tables.resource(ResourceId.table(entry.getKey()), where);
            values.put(entry.getKey(), value.apply(entry.getValue(), where + "." + entry.getKey()));
        }
        if (values.isEmpty()) {
            throw checks.problem(where + " names no table");
        }
        return values;
    }

    private Path existingFile(JsonNode node, String where) {
        Path event = base.resolve(checks.text(node, where));
        if (!Files.isRegularFile(event)) {
            throw checks.problem(where + ": no file " + event);
        }
        return event;
    }

    private Instant at(String at, Instant start, String where) {
        if (at.startsWith("+")) {
            return start.plus(checks.duration(at.substring(1), where));
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw checks.problem(where + ": \"at\" must be \"+90s\", \"+15m\", \"+2h30m\" or an ISO-8601 instant");
        }
    }
}
