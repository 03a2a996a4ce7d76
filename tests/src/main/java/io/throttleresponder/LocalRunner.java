package io.throttleresponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.infra.config.ConfigException;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Response;
import io.throttleresponder.ops.AwsConnection;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxException;
import io.throttleresponder.scenario.Scenario;
import io.throttleresponder.scenario.ScenarioParser;
import io.throttleresponder.wiring.ConfigurationException;
import io.throttleresponder.wiring.ResponseMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Puts event files through the same handler code the Lambda runs, in one process, so cooldowns, the
 * ledger and capacity carry from one event to the next. By default against the sandbox (DynamoDB
 * Local and in-memory stand-ins, {@link SandboxRun}); with --aws against the account in the environment
 * ({@link AwsRun}); with --scenario a timeline on the sandbox clock ({@link ScenarioRunner}).
 */
public final class LocalRunner {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the sandbox does around each event: its clock moves to the event's time before, and its
     * follow-ups run at once after, on that clock. Against AWS neither: time is AWS's, and the queue
     * delivers the follow-ups.
     */
    interface EventSteps {
        EventSteps NONE = new EventSteps() {
            @Override
            public void before(Path event) {}

            @Override
            public boolean after(ObjectNode result, PrintStream err) {
                return false;
            }
        };

        void before(Path event);

        /** @return whether a follow-up failed or was dropped */
        boolean after(ObjectNode result, PrintStream err);
    }

    /** What a run with --aws takes from outside its command line: the environment, and STS to ask the account of. */
    record AwsAccess(Map<String, String> environment, Function<AwsClients, StsClient> sts) {
        static AwsAccess ofThisProcess() {
            return new AwsAccess(System.getenv(), CallerAccount::sts);
        }
    }

    private LocalRunner() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, AwsAccess.ofThisProcess(), out, err);
    }

    static int run(String[] args, AwsAccess aws, PrintStream out, PrintStream err) {
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args);
        } catch (RunnerOptions.HelpRequested e) {
            out.println(RunnerOptions.USAGE_TEXT);
            return OK;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(RunnerOptions.USAGE_TEXT);
            return USAGE;
        }
        // Before the first logger exists: the runner's own output is the point, the log is detail.
        System.setProperty("throttleresponder.logLevel", options.verbose() ? "INFO" : "WARN");
        try {
            if (options.scenario() != null) {
                return runScenario(options, out, err);
            }
            return options.aws() ? AwsRun.run(options, aws, out, err) : SandboxRun.run(options, out, err);
        } catch (SandboxException | PolicyException | ConfigurationException | ConfigException e) {
            err.println(e.getMessage());
            return USAGE;
        }
    }

    /** The whole scenario is read and checked before the sandbox starts: a bad file runs nothing. */
    private static int runScenario(RunnerOptions options, PrintStream out, PrintStream err) {
        Scenario scenario = ScenarioParser.parse(options.scenario(), options.insights());
        if (scenario.insights() != null && !Files.isDirectory(scenario.insights())) {
            throw new SandboxException("--insights " + scenario.insights() + " is not a directory");
        }
        Sandbox.Settings settings = new Sandbox.Settings(scenario.account(), scenario.region(), scenario.start());
        try (Sandbox sandbox = Sandbox.start(scenario.tables(), scenario.insights(), err, settings)) {
            sandbox.sns().showChat(options.showChat());
            sandbox.dynamoDb().accountLimits(scenario.accountLimits());
            Policy policy = scenario.policy() == null ? sandbox.defaultPolicy() : scenario.policy();
            return new ScenarioRunner(scenario, SandboxWiring.of(sandbox, policy, metrics(options, err)), options.json(), out, err).run();
        }
    }

    /** The responder's metric lines go where its log lines go: to stderr with --verbose, nowhere without. */
    static ResponseMetrics metrics(RunnerOptions options, PrintStream err) {
        return ResponseMetrics.writingLinesTo(options.verbose() ? err::println : line -> { });
    }

    static int runEvents(AlarmHandler handler, RunnerOptions options, PrintStream out, PrintStream err, EventSteps steps) {
        int exit = OK;
        for (Path event : options.events()) {
            if (event.toAbsolutePath().normalize().equals(options.tables().toAbsolutePath().normalize())) {
                err.println(event + ": skipped: the sandbox tables (--tables), not an alarm event");
                continue;
            }
            steps.before(event);
            for (ObjectNode result : handle(handler, event)) {
                boolean failed = steps.after(result, err);
                if (failed(result) || failed) {
                    exit = FAILED;
                }
                if (options.json()) {
                    out.println(result);
                } else {
                    ReadableResults.printReadable(result, out);
                }
            }
        }
        return exit;
    }

    /** Whether a result counts against the exit status: a rejected notification or a failed action. */
    static boolean failed(JsonNode result) {
        boolean failed = Outcome.REJECTED.name().equals(result.path("outcome").asText());
        for (JsonNode action : result.path("actions")) {
            failed |= "FAILED".equals(action.path("status").asText());
        }
        return failed;
    }

    static List<ObjectNode> handle(AlarmHandler handler, Path event) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(event);
        } catch (IOException e) {
            return List.of(withSource(event.toString(), ResponseJson.toJson(Response.rejected(null, "cannot read file: " + e))));
        }
        return handle(handler, bytes, event.toString());
    }

    static List<ObjectNode> handle(AlarmHandler handler, byte[] event, String source) {
        List<ObjectNode> results = new ArrayList<>();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), output, null);
            for (JsonNode response : JSON.readTree(output.toByteArray())) {
                results.add(withSource(source, (ObjectNode) response));
            }
        } catch (IOException | RuntimeException e) {
            // What Lambda would retry: report it as this file's failure, with the alarm it was about, and go on.
            ObjectNode rejected = withSource(source, ResponseJson.toJson(Response.rejected(null, "handler failed: "
                    + e.getClass().getSimpleName() + ": " + AwsConnection.explain(e))));
            AlarmEventParser.create().parse(event).stream()
                    .filter(ParsedEvent.Alarm.class::isInstance)
                    .map(p -> ((ParsedEvent.Alarm) p).notification())
                    .findFirst()
                    .ifPresent(alarm -> rejected.put("alarm", alarm.alarmName()).put("state", alarm.state().name())
                            .put("delivery", alarm.delivery().name()));
            results.add(rejected);
        }
        return results;
    }

    private static ObjectNode withSource(String source, ObjectNode response) {
        ObjectNode result = JSON.createObjectNode();
        result.put("source", source);
        result.setAll(response);
        return result;
    }
}
