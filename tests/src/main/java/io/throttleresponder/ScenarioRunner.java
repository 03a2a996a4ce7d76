package io.throttleresponder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.aws.AwsActuator;
import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.aws.ScalingPolicies;
import io.throttleresponder.aws.SnsNotifier;
import io.throttleresponder.aws.ledger.DynamoDbLedger;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.operate.Operator;
import io.throttleresponder.ops.OpsCli;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.sandbox.alarms.AlarmEvaluator;
import io.throttleresponder.sandbox.DynamoDbPublishing;
import io.throttleresponder.sandbox.InMemoryCloudWatch;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.scenario.Scenario;
import io.throttleresponder.scenario.ScenarioAlarms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Replays a scenario on the sandbox clock: before each step, every follow-up whose time has come runs
 * in order; then the step happens at its time. After the last step the clock runs on for runFor.
 * Prints each notification's and follow-up's result (readable, or one JSON object each), then the
 * final state read back from DynamoDB Local and the stand-ins.
 */
final class ScenarioRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scenario scenario;
    private final SandboxWiring wiring;
    private final boolean json;
    private final PrintStream out;
    private final PrintStream err;
    private final ScenarioAlarms alarms;
    /** With "alarms": "evaluated": the stack's alarms, and what DynamoDB publishes on its own; else null. */
    private final AlarmEvaluator evaluator;
    private final DynamoDbPublishing publishes;
    private Instant nextBoundary;
    private boolean failed;

    ScenarioRunner(Scenario scenario, SandboxWiring wiring, boolean json, PrintStream out, PrintStream err) {
        this.scenario = scenario;
        this.wiring = wiring;
        this.json = json;
        this.out = out;
        this.err = err;
        this.alarms = new ScenarioAlarms(scenario.account(), scenario.region());
        if (scenario.alarmsEvaluated()) {
            this.evaluator = new AlarmEvaluator(ScenarioAlarms.alarms(scenario.tables(), wiring.policy()), wiring.sandbox().cloudWatch());
            this.publishes = new DynamoDbPublishing(wiring.sandbox());
            // New alarms are evaluated from the first whole period on.
            this.nextBoundary = Instant.ofEpochSecond(Math.floorDiv(scenario.start().getEpochSecond() + evaluator.shortestPeriodSeconds() - 1,
                    (long) evaluator.shortestPeriodSeconds()) * evaluator.shortestPeriodSeconds());
        } else {
            this.evaluator = null;
            this.publishes = null;
        }
    }

    /** @return the runner's exit status */
    int run() {
        Sandbox sandbox = wiring.sandbox();
        for (Scenario.Step step : scenario.steps()) {
            advanceTo(step.at());
            header(step.at(), "step " + step.number() + ": " + describe(step));
            apply(step);
        }
        advanceTo(scenario.end());
        int pending = wiring.followUps().pending();
        if (pending > 0) {
            (json ? err : out).printf("%n(%d follow-up(s) still on the queue at %s, when the scenario ends)%n", pending,
                    scenario.end());
        }
        ObjectNode finalState = finalState();
        if (json) {
            out.println(JSON.createObjectNode().set("final", finalState));
        } else {
            printFinal(finalState);
        }
        return failed ? LocalRunner.FAILED : LocalRunner.OK;
    }

    /**
     * Runs the clock to {@code until}: the follow-ups whose time has come and, with evaluated alarms, every
     * period boundary on the way, where DynamoDB publishes and CloudWatch evaluates.
     */
    private void advanceTo(Instant until) {
        Sandbox sandbox = wiring.sandbox();
        if (evaluator != null) {
            for (Instant boundary = nextBoundary; !boundary.isAfter(until); boundary = nextBoundary) {
                runFollowUps(boundary);
                sandbox.clock().advanceTo(boundary);
                publishes.publish(boundary);
                for (AlarmEvaluator.StateChange change : evaluator.evaluate(boundary)) {
                    String source = change.alarm().alarmName() + (change.contributor() == null ? ""
                            : " contributor " + change.contributor().contributorAttributes().values());
                    header(boundary, "CloudWatch: %s %s -> %s".formatted(source, change.from(), change.to()));
                    deliver(alarms.notification(change, Scenario.Delivery.SNS), source);
                }
                nextBoundary = boundary.plusSeconds(evaluator.shortestPeriodSeconds());
            }
        }
        runFollowUps(until);
        sandbox.clock().advanceTo(until);
    }

    private void deliver(byte[] notification, String source) {
        for (ObjectNode result : LocalRunner.handle(wiring.handler(), notification, scenario.file() + " " + source)) {
            report(result, "NOTIFICATION", wiring.sandbox().clock().instant());
        }
        deliverSetStates();
    }

    /**
     * The state changes the responder made with SetAlarmState: with evaluated alarms, CloudWatch notifies
     * the stack's alarm topic of each, as of any state change; with stated ones, the scenario's steps say
     * what CloudWatch sends.
     */
    private void deliverSetStates() {
        for (InMemoryCloudWatch.SetState change : wiring.sandbox().cloudWatch().drainSetStates()) {
            if (evaluator == null) {
                continue;
            }
            evaluator.alarms().stream().filter(a -> a.alarmName().equals(change.alarmName())).findFirst().ifPresent(alarm -> {
                header(change.at(), "CloudWatch: %s %s -> %s (SetAlarmState)".formatted(change.alarmName(), change.from(),
                        change.to()));
                deliver(alarms.notification(alarm, change, Scenario.Delivery.SNS), change.alarmName());
            });
        }
    }

    private void apply(Scenario.Step step) {
        Sandbox sandbox = wiring.sandbox();
        if (step instanceof Scenario.AlarmStep alarm) {
            alarm(alarm);
        } else if (step instanceof Scenario.EventStep event) {
            for (ObjectNode result : LocalRunner.handle(wiring.handler(), event.file())) {
                // With evaluated alarms CloudWatch's states come from the metrics; a recorded delivery changes none.
                if (evaluator == null && result.path("alarm").isTextual() && result.path("state").isTextual()) {
                    sandbox.cloudWatch().setAlarmState(result.get("alarm").asText(),
                            StateValue.fromValue(result.get("state").asText()));
                }
                report(result, "NOTIFICATION", step.at());
            }
            if (evaluator == null) {
                contributorStates(event.file());
            }
        } else if (step instanceof Scenario.MetricsStep metrics) {
            metrics.values().forEach((resource, values) -> values.forEach((metric, value) -> {
                if (value == null) {
                    sandbox.cloudWatch().stop(metric, dimensions(resource), metrics.at());
                } else {
                    sandbox.cloudWatch().set(metric, dimensions(resource), metrics.at(),
                            // Consumed capacity is given per second; CloudWatch records its per-minute Sum.
                            metric.startsWith("Consumed") ? value * 60 : value);
                }
            }));
        } else if (step instanceof Scenario.CapacityStep capacity) {
            capacity.units().forEach((resource, units) -> environment(() -> updateCapacity(resource, units)));
        } else if (step instanceof Scenario.ScalableTargetStep targets) {
            targets.targets().forEach((resource, byOperation) -> byOperation.forEach((operation, bounds) ->
                    environment(() -> sandbox.autoScaling().registerScalableTarget(r -> r
                            .serviceNamespace(ServiceNamespace.DYNAMODB)
                            .resourceId(resource.toString())
                            .scalableDimension(AwsActuator.scalableDimension(resource, operation))
                            .minCapacity(bounds.min())
                            .maxCapacity(bounds.max())))));
        } else if (step instanceof Scenario.ScalingPolicyStep policy) {
            environment(() -> sandbox.autoScaling().putScalingPolicy(policy.request()));
        } else if (step instanceof Scenario.BillingModeStep modes) {
            modes.modes().forEach((table, mode) -> environment(() -> switchBillingMode(table, mode)));
        } else if (step instanceof Scenario.BusyStep busy) {
            busy.durations().forEach((table, duration) -> sandbox.faults().busyFor(table, duration));
        } else if (step instanceof Scenario.OpsStep ops) {
            operate(ops);
        } else if (step instanceof Scenario.ContributorInsightsStep insights) {
            // Someone else's UpdateContributorInsights, in the console's default mode.
            insights.statuses().forEach((resource, status) -> environment(() -> sandbox.dynamoDb().updateContributorInsights(
                    r -> r.tableName(resource.table()).indexName(resource.index())
                            .contributorInsightsAction(status.equals("ENABLED") ? ContributorInsightsAction.ENABLE
                                    : ContributorInsightsAction.DISABLE))));
        } else if (step instanceof Scenario.DeleteTableStep delete) {
            environment(() -> sandbox.dynamoDb().deleteTable(r -> r.tableName(delete.table())));
        }
    }

    /**
     * An operator command, exactly as the operator CLI takes it, on the sandbox's ledger and stand-ins:
     * exit 0 is ACTED, a refusal (exit 1) IGNORED with its reason, a usage error (exit 2) REJECTED.
     */
    private void operate(Scenario.OpsStep ops) {
        Sandbox sandbox = wiring.sandbox();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = OpsCli.run(ops.command().trim().split("\\s+"), new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), new OpsCli.Connection() {
                    @Override
                    public Operator connect(OpsCli.Target target, Notifier notifier) {
                        return AwsAdapters.operator(wiring.policy(), sandbox.dynamoDb(), sandbox.autoScaling(),
                                sandbox.cloudWatch(), Sandbox.LEDGER_TABLE, notifier, sandbox.clock());
                    }

                    @Override
                    public Notifier publisher(OpsCli.Target target) {
                        return new SnsNotifier(sandbox.sns(), sandbox.topicArn());
                    }
                });
        ObjectNode result = JSON.createObjectNode();
        result.put("source", scenario.file().toString());
        result.put("command", ops.command());
        result.put("outcome", exit == 0 ? "ACTED" : exit == 1 ? "IGNORED" : "REJECTED");
        result.put("exit", exit);
        String reason = errors.toString(StandardCharsets.UTF_8).strip();
        if (!reason.isEmpty()) {
            result.put("reason", reason);
        }
        result.put("output", output.toString(StandardCharsets.UTF_8));
        // The command's actions, as it recorded them in the ledger's history at this step's time (an undo's).
        ArrayNode actions = result.putArray("actions");
        new DynamoDbLedger(sandbox.dynamoDb(), Sandbox.LEDGER_TABLE).history(Optional.empty(), 100).stream()
                .filter(recorded -> recorded.at().equals(ops.at()))
                .map(recorded -> readJson(recorded.responseJson()))
                .filter(response -> response.path("alarm").asText().startsWith("undo "))
                .forEach(response -> response.path("actions").forEach(actions::add));
        if (json) {
            report(result, "OPS", ops.at());
        } else {
            failed |= LocalRunner.failed(result);
            out.print(output.toString(StandardCharsets.UTF_8).indent(2));
            if (!reason.isEmpty()) {
                out.println("  " + reason + " (exit " + exit + ")");
            }
        }
    }

    /**
     * A Metrics Insights contributor's change is its own: DescribeAlarmContributors lists it while it is in
     * ALARM, and its alarm is in ALARM while any contributor is.
     */
    private void contributorStates(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return;
        }
        AlarmEventParser.create().parse(bytes).stream()
                .filter(ParsedEvent.Alarm.class::isInstance)
                .map(p -> ((ParsedEvent.Alarm) p).notification())
                .filter(alarm -> alarm.contributor() != null)
                .forEach(alarm -> wiring.sandbox().cloudWatch().setContributorState(alarm.alarmName(),
                        alarm.contributor().id(), StateValue.fromValue(alarm.state().name())));
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void alarm(Scenario.AlarmStep step) {
        BillingMode billingMode = billingModeAtStart(step.resource().table());
        Optional<byte[]> notification = alarms.notification(step, billingMode);
        wiring.sandbox().cloudWatch().setAlarmState(ScenarioAlarms.alarmName(step), StateValue.fromValue(step.state()));
        if (notification.isEmpty()) {
            note("the alarm is already " + step.state() + ": CloudWatch sends nothing");
            return;
        }
        for (ObjectNode result : LocalRunner.handle(wiring.handler(), notification.get(), scenario.file() + " step "
                + step.number())) {
            report(result, "NOTIFICATION", step.at());
        }
    }

    /** The deployment's alarms are those of the tables as configured: the billing mode the scenario starts with. */
    private BillingMode billingModeAtStart(String table) {
        return scenario.tables().stream()
                .filter(t -> t.createTable().tableName().equals(table))
                .map(t -> "PAY_PER_REQUEST".equals(t.createTable().billingModeAsString())
                        ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED)
                .findFirst().orElseThrow();
    }

    private void runFollowUps(Instant until) {
        for (SandboxFollowUps.Delivery delivery : wiring.followUps().runUntil(until)) {
            for (FollowUpResult result : delivery.batch().results()) {
                ObjectNode json = followUpJson(result);
                header(delivery.at(), kind(result.followUp().kind()) + " " + result.followUp().resource()
                        + " (" + result.followUp().alarmName() + ")");
                report(json, kind(result.followUp().kind()), delivery.at());
            }
            deliverSetStates();
            if (!delivery.batch().failedMessageIds().isEmpty() || !delivery.batch().dropped().isEmpty()) {
                FollowUp followUp = FollowUpMessage.read(delivery.body()).followUp();
                ObjectNode json = JSON.createObjectNode();
                json.put("source", scenario.file().toString());
                json.put("alarm", followUp.alarmName());
                json.put("resource", followUp.resource().toString());
                json.put("outcome", "REJECTED");
                json.put("reason", delivery.deadLettered()
                        ? "the follow-up failed for the last time: SQS moved it to the dead-letter queue"
                        : "the follow-up failed: SQS delivers it again after the visibility timeout");
                json.putArray("actions");
                header(delivery.at(), kind(followUp.kind()) + " " + followUp.resource() + " (" + followUp.alarmName() + ")");
                report(json, kind(followUp.kind()), delivery.at());
            }
        }
    }

    private ObjectNode followUpJson(FollowUpResult result) {
        ObjectNode json = JSON.createObjectNode();
        json.put("source", scenario.file().toString());
        json.put("alarm", result.followUp().alarmName());
        json.put("resource", result.followUp().resource().toString());
        json.put("operation", result.followUp().operation() == null ? null : result.followUp().operation().name());
        json.put("outcome", result.outcome().name());
        json.put("reason", result.reason());
        ArrayNode actions = json.putArray("actions");
        result.actions().forEach(a -> actions.add(ResponseJson.toJson(a)));
        ArrayNode findings = json.putArray("findings");
        result.findings().forEach(findings::add);
        ArrayNode summaries = json.putArray("summaries");
        result.summaries().forEach(s -> summaries.add(ResponseJson.toJson(s)));
        return json;
    }

    private static String kind(FollowUp.Kind kind) {
        return kind == FollowUp.Kind.HOT_KEY_SUMMARY ? "SUMMARY" : kind.name();
    }

    /** Prints one notification's or follow-up's result, with its time and kind first. */
    private void report(ObjectNode result, String kind, Instant at) {
        ObjectNode stamped = JSON.createObjectNode();
        stamped.put("source", result.path("source").asText(scenario.file().toString()));
        stamped.put("at", at.toString());
        stamped.put("kind", kind);
        result.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("source")) {
                stamped.set(e.getKey(), e.getValue());
            }
        });
        failed |= LocalRunner.failed(stamped);
        if (json) {
            out.println(stamped);
        } else {
            ReadableResults.printDetails(stamped, out);
        }
    }

    /** Someone else's change that AWS refused is part of the story, not a runner failure. */
    private void environment(Runnable change) {
        try {
            change.run();
        } catch (AwsServiceException e) {
            note("refused by AWS: " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
        }
    }

    private void updateCapacity(ResourceId resource, Map<Operation, Long> units) {
        TableDescription table = describe(resource.table());
        ProvisionedThroughputDescription current = resource.isIndex()
                ? table.globalSecondaryIndexes().stream().filter(g -> g.indexName().equals(resource.index()))
                        .findFirst().orElseThrow().provisionedThroughput()
                : table.provisionedThroughput();
        ProvisionedThroughput throughput = ProvisionedThroughput.builder()
                .readCapacityUnits(units.getOrDefault(Operation.READ, current.readCapacityUnits()))
                .writeCapacityUnits(units.getOrDefault(Operation.WRITE, current.writeCapacityUnits()))
                .build();
        if (resource.isIndex()) {
            wiring.sandbox().dynamoDb().updateTable(r -> r.tableName(resource.table()).globalSecondaryIndexUpdates(
                    u -> u.update(g -> g.indexName(resource.index()).provisionedThroughput(throughput))));
        } else {
            wiring.sandbox().dynamoDb().updateTable(r -> r.tableName(resource.table()).provisionedThroughput(throughput));
        }
    }

    /**
     * UpdateTable BillingMode. Switching to provisioned needs capacity for the table and every GSI: the
     * units they had last time they were provisioned, else the console's default of 5.
     */
    private void switchBillingMode(String tableName, String mode) {
        TableDescription table = describe(tableName);
        if (mode.equals("PAY_PER_REQUEST")) {
            wiring.sandbox().dynamoDb().updateTable(r -> r.tableName(tableName).billingMode(mode));
            return;
        }
        wiring.sandbox().dynamoDb().updateTable(r -> r.tableName(tableName).billingMode(mode)
                .provisionedThroughput(units(table.provisionedThroughput()))
                .globalSecondaryIndexUpdates(table.globalSecondaryIndexes().stream()
                        .map(g -> GlobalSecondaryIndexUpdate.builder()
                                .update(u -> u.indexName(g.indexName()).provisionedThroughput(units(g.provisionedThroughput())))
                                .build())
                        .toList()));
        wiring.sandbox().autoScaling().applyAgain(tableName);
    }

    private static ProvisionedThroughput units(ProvisionedThroughputDescription last) {
        long read = last == null || last.readCapacityUnits() == null || last.readCapacityUnits() < 1 ? 5 : last.readCapacityUnits();
        long write = last == null || last.writeCapacityUnits() == null || last.writeCapacityUnits() < 1 ? 5 : last.writeCapacityUnits();
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    private Optional<TableDescription> described(String table) {
        try {
            return Optional.of(describe(table));
        } catch (ResourceNotFoundException deleted) {
            return Optional.empty();
        }
    }

    private TableDescription describe(String table) {
        return wiring.sandbox().dynamoDb().describeTable(r -> r.tableName(table)).table();
    }

    private static Map<String, String> dimensions(ResourceId resource) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("TableName", resource.table());
        if (resource.isIndex()) {
            dimensions.put("GlobalSecondaryIndexName", resource.index());
        }
        return dimensions;
    }

    /** Every table and GSI as AWS would describe it now: capacity or maxima, Contributor Insights, scalable targets. */
    private ObjectNode finalState() {
        Sandbox sandbox = wiring.sandbox();
        ObjectNode state = JSON.createObjectNode();
        List<ScalableTarget> targets = sandbox.autoScaling().targets();
        for (var entry : scenario.tables()) {
            Optional<TableDescription> found = described(entry.createTable().tableName());
            if (found.isEmpty()) {
                state.putObject(ResourceId.table(entry.createTable().tableName()).toString()).put("deleted", true);
                continue;
            }
            TableDescription table = found.get();
            String mode = table.billingModeSummary() == null ? "PROVISIONED" : table.billingModeSummary().billingModeAsString();
            ResourceId tableId = ResourceId.table(table.tableName());
            state.set(tableId.toString(), resourceState(mode, tableId, table.provisionedThroughput(),
                    table.onDemandThroughput(), targets));
            for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
                ResourceId id = new ResourceId(table.tableName(), gsi.indexName());
                state.set(id.toString(), resourceState(mode, id, gsi.provisionedThroughput(), gsi.onDemandThroughput(), targets));
            }
        }
        return state;
    }

    private ObjectNode resourceState(String mode, ResourceId id, ProvisionedThroughputDescription provisioned,
                                     OnDemandThroughput onDemand,
                                     List<ScalableTarget> targets) {
        ObjectNode node = JSON.createObjectNode();
        node.put("billingMode", mode);
        if (mode.equals("PAY_PER_REQUEST")) {
            node.put("maxRead", onDemand == null ? null : onDemand.maxReadRequestUnits());
            node.put("maxWrite", onDemand == null ? null : onDemand.maxWriteRequestUnits());
        } else {
            node.put("read", provisioned.readCapacityUnits());
            node.put("write", provisioned.writeCapacityUnits());
        }
        node.put("contributorInsights", wiring.sandbox().dynamoDb().describeContributorInsights(
                r -> r.tableName(id.table()).indexName(id.index())).contributorInsightsStatusAsString());
        ObjectNode scalable = node.putObject("scalableTargets");
        targets.stream().filter(t -> t.resourceId().equals(id.toString())).forEach(t -> scalable.putObject(
                t.scalableDimensionAsString().contains("Read") ? "READ" : "WRITE")
                .put("min", t.minCapacity()).put("max", t.maxCapacity()));
        // Only where there are some, so that the state of a resource without policies reads as before.
        List<ScalingPolicy> policies = wiring.sandbox().autoScaling().policies().stream()
                .filter(p -> p.resourceId().equals(id.toString())).toList();
        if (!policies.isEmpty()) {
            ObjectNode byDimension = node.putObject("scalingPolicies");
            policies.forEach(p -> byDimension.set(p.scalableDimensionAsString().contains("Read") ? "READ" : "WRITE",
                    policyJson(p)));
        }
        return node;
    }

    /** As describe-scaling-policies prints the policy's own settings. */
    private static JsonNode policyJson(ScalingPolicy policy) {
        try {
            return JSON.readTree(ScalingPolicies.toJson(ScalingPolicies.fromSdk(policy)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a scaling policy did not print as JSON", e);
        }
    }

    private void printFinal(ObjectNode state) {
        out.println();
        out.println("Final state at " + scenario.end() + " (read back from DynamoDB Local and the stand-ins):");
        state.fields().forEachRemaining(e -> {
            JsonNode resource = e.getValue();
            StringBuilder line = new StringBuilder();
            if (resource.path("deleted").asBoolean()) {
                out.printf("  %-32s %s%n", e.getKey(), "deleted");
                return;
            }
            if (resource.get("billingMode").asText().equals("PAY_PER_REQUEST")) {
                line.append("on demand, max read ").append(maximum(resource.get("maxRead")))
                        .append(", max write ").append(maximum(resource.get("maxWrite")));
            } else {
                line.append("read ").append(resource.get("read").asLong()).append(" RCU, write ")
                        .append(resource.get("write").asLong()).append(" WCU");
            }
            line.append("; Contributor Insights ").append(resource.get("contributorInsights").asText());
            resource.get("scalableTargets").fields().forEachRemaining(t -> line.append("; auto scaling ")
                    .append(t.getKey()).append(' ').append(t.getValue().get("min").asLong()).append('-')
                    .append(t.getValue().get("max").asLong()));
            resource.path("scalingPolicies").fields().forEachRemaining(p -> line.append("; policy ").append(p.getKey())
                    .append(" TargetValue ").append(p.getValue().path("TargetTrackingScalingPolicyConfiguration")
                            .path("TargetValue").asText()));
            out.printf("  %-32s %s%n", e.getKey(), line);
        });
    }

    private static String maximum(JsonNode value) {
        return value == null || value.isNull() || value.asLong() < 0 ? "none" : value.asText();
    }

    private void header(Instant at, String text) {
        if (!json) {
            out.printf("%n[%s %s] %s%n", at, offset(Duration.between(scenario.start(), at)), text);
        }
    }

    private void note(String text) {
        (json ? err : out).println("  " + text);
    }

    /** +1h2m3s, as the scenario file writes times. */
    static String offset(Duration duration) {
        StringBuilder text = new StringBuilder("+");
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || text.length() == 1) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    private static String describe(Scenario.Step step) {
        if (step instanceof Scenario.AlarmStep a) {
            return "alarm %s %s %s %s (%s)".formatted(a.resource(), a.metric(), a.state(), a.value(), a.delivery());
        }
        if (step instanceof Scenario.EventStep e) {
            return "event " + e.file().getFileName();
        }
        if (step instanceof Scenario.MetricsStep m) {
            return "metrics " + m.values();
        }
        if (step instanceof Scenario.CapacityStep c) {
            return "someone sets capacity " + c.units();
        }
        if (step instanceof Scenario.ScalableTargetStep s) {
            return "someone registers scalable targets " + s.targets();
        }
        if (step instanceof Scenario.ScalingPolicyStep p) {
            return "someone puts scaling policy " + p.request().policyName() + " on " + p.request().resourceId() + " "
                    + p.request().scalableDimensionAsString();
        }
        if (step instanceof Scenario.BillingModeStep b) {
            return "someone switches billing mode " + b.modes();
        }
        if (step instanceof Scenario.BusyStep b) {
            return "tables UPDATING for " + b.durations();
        }
        if (step instanceof Scenario.ContributorInsightsStep c) {
            return "someone sets Contributor Insights " + c.statuses();
        }
        if (step instanceof Scenario.DeleteTableStep d) {
            return "someone deletes table " + d.table();
        }
        return "operator: " + ((Scenario.OpsStep) step).command();
    }
}
