package io.throttleresponder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.sandbox.alarms.AlarmEvaluator;
import io.throttleresponder.sandbox.DynamoDbPublishing;
import io.throttleresponder.sandbox.InMemoryCloudWatch;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.scenario.Scenario;
import io.throttleresponder.scenario.ScenarioAlarms;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

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
    private final EnvironmentSteps environment;
    private final OperatorSteps operatorSteps;

    ScenarioRunner(Scenario scenario, SandboxWiring wiring, boolean json, PrintStream out, PrintStream err) {
        this.scenario = scenario;
        this.wiring = wiring;
        this.json = json;
        this.out = out;
        this.err = err;
        this.alarms = new ScenarioAlarms(scenario.account(), scenario.region());
        this.environment = new EnvironmentSteps(wiring.sandbox(), this::note);
        this.operatorSteps = new OperatorSteps(scenario, wiring);
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
        ScenarioFinalState finalState = new ScenarioFinalState(scenario, sandbox);
        ObjectNode state = finalState.read();
        if (json) {
            out.println(JSON.createObjectNode().set("final", state));
        } else {
            finalState.print(state, out);
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
        } else if (step instanceof Scenario.OpsStep ops) {
            operate(ops);
        } else {
            environment.apply(step);
        }
    }

    private void operate(Scenario.OpsStep ops) {
        ObjectNode result = operatorSteps.run(ops);
        if (json) {
            report(result, "OPS", ops.at());
        } else {
            failed |= LocalRunner.failed(result);
            out.print(result.get("output").asText().indent(2));
            if (result.has("reason")) {
                out.println("  " + result.get("reason").asText() + " (exit " + result.get("exit").asInt() + ")");
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
