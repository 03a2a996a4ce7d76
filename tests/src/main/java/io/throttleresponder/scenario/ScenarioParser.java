package io.throttleresponder.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.throttleresponder.contract.RegionCode;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxException;
import io.throttleresponder.sandbox.SandboxTables;
import io.throttleresponder.scenario.Scenario.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file and checks all of it before anything runs: unknown keys, a step with no
 * action or two, steps out of order, tables, indexes and metrics the sandbox does not have. Every
 * problem is a {@link ScenarioException} naming the file, the step and what is wrong. The top-level
 * keys are read here, each step by {@link StepParser}.
 */
public final class ScenarioParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS =
            Set.of("account", "region", "start", "tables", "policy", "insights", "accountLimits", "runFor", "alarms", "steps");
    /** The top-level "alarms": how the alarms' states come about. */
    private static final String ALARMS_EVALUATED = "evaluated";
    /** DescribeLimits' members. */
    private static final Set<String> LIMITS = Set.of("AccountMaxReadCapacityUnits", "AccountMaxWriteCapacityUnits",
            "TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits");

    private final Path file;
    private final Path base;
    private final Path defaultInsights;
    private final ValueChecks checks;

    private ScenarioParser(Path file, Path defaultInsights) {
        this.file = file;
        this.base = file.toAbsolutePath().getParent();
        this.defaultInsights = defaultInsights;
        this.checks = new ValueChecks(file);
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
            throw checks.problem("must be a JSON object");
        }
        checks.unknownKeys(root, KEYS, "");
        String account = checks.optionalText(root, "account", Sandbox.Settings.DEFAULT_ACCOUNT);
        if (!OwnAccount.isAccountId(account)) {
            throw checks.problem("account must be 12 digits, was \"" + account + "\"");
        }
        String region = checks.optionalText(root, "region", Sandbox.Settings.DEFAULT_REGION);
        if (!RegionCode.isCode(region)) {
            throw checks.problem("region must be a Region code such as us-east-1, was \"" + region + "\"");
        }
        Instant start = checks.instant(checks.required(root, "start", ""), "start");
        List<SandboxTables.SandboxTable> tables = tables(checks.required(root, "tables", ""));
        Policy policy = root.has("policy") ? policy(root.get("policy")) : null;
        Path insights = root.has("insights") ? directory(root.get("insights")) : defaultInsights;
        Map<String, Long> limits = root.has("accountLimits") ? accountLimits(root.get("accountLimits")) : Map.of();
        Duration runFor = root.has("runFor") ? checks.duration(root.get("runFor"), "runFor") : Duration.ZERO;
        boolean evaluated = root.has("alarms") && alarmsEvaluated(root.get("alarms"));
        JsonNode steps = checks.required(root, "steps", "");
        if (!steps.isArray()) {
            throw checks.problem("steps must be an array");
        }
        KnownTables known = new KnownTables(tables, checks);
        StepParser stepParser = new StepParser(checks, base);
        List<Step> parsed = new ArrayList<>();
        Instant previous = start;
        for (int i = 0; i < steps.size(); i++) {
            Step step = stepParser.step(i + 1, steps.get(i), start, known);
            if (evaluated && step instanceof Scenario.AlarmStep) {
                throw checks.problem("step %d (at %s): with \"alarms\": \"evaluated\" the sandbox decides the alarms' states from"
                        .formatted(step.number(), steps.get(i).get("at").asText())
                        + " the metrics: state throttling with a metrics step (or send a recorded notification with an event step)");
            }
            if (step.at().isBefore(previous)) {
                throw checks.problem("step %d (at %s) is out of order: it comes before the step above it (%s)"
                        .formatted(step.number(), steps.get(i).get("at").asText(), previous));
            }
            previous = step.at();
            parsed.add(step);
        }
        return new Scenario(file, account, region, start, tables, policy, insights, limits, runFor, evaluated, parsed);
    }

    private boolean alarmsEvaluated(JsonNode alarms) {
        if (!alarms.isTextual() || !alarms.asText().equals(ALARMS_EVALUATED)) {
            throw checks.problem("alarms must be \"" + ALARMS_EVALUATED + "\" (the sandbox evaluates the stack's alarms), was "
                    + alarms + "; leave it out to state the alarms with alarm steps");
        }
        return true;
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
            throw checks.problem("tables: " + e.getMessage());
        }
        throw checks.problem("tables must be a path or an array of CreateTable inputs");
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
            throw checks.problem("policy: cannot read " + node.asText() + ": " + e.getMessage());
        } catch (PolicyException e) {
            throw checks.problem("policy: " + e.getMessage());
        }
        throw checks.problem("policy must be a path or the policy object");
    }

    private Path directory(JsonNode node) {
        Path directory = base.resolve(checks.text(node, "insights"));
        if (!Files.isDirectory(directory)) {
            throw checks.problem("insights: " + directory + " is not a directory");
        }
        return directory;
    }

    private Map<String, Long> accountLimits(JsonNode node) {
        checks.object(node, "accountLimits");
        checks.unknownKeys(node, LIMITS, "accountLimits: ");
        Map<String, Long> limits = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> limits.put(e.getKey(), checks.positiveLong(e.getValue(), "accountLimits." + e.getKey())));
        return limits;
    }
}
