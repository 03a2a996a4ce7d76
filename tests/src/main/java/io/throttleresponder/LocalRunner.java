package io.throttleresponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.contract.FunctionEnvironment;
import io.throttleresponder.contract.RegionCode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.infra.config.ConfigException;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.ResponderPolicy;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Response;
import io.throttleresponder.ops.AwsConnection;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.record.ReadOnlyLedger;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.respond.ResponderBuilder;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxException;
import io.throttleresponder.sandbox.SandboxTables;
import io.throttleresponder.scenario.Scenario;
import io.throttleresponder.scenario.ScenarioParser;
import io.throttleresponder.wiring.ConfigurationException;
import io.throttleresponder.wiring.ResponderConfig;
import io.throttleresponder.wiring.ResponseMetrics;
import io.throttleresponder.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Puts event files through the same handler code the Lambda runs, in one process, so cooldowns, the
 * ledger and capacity carry from one event to the next. By default against the sandbox (DynamoDB
 * Local and in-memory stand-ins); with --aws against the account in the environment.
 */
public final class LocalRunner {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE_TEXT = """
            usage: java -jar tests/target/responder-local.jar [options] EVENT_FILE...
                   java -jar tests/target/responder-local.jar [--json] [--verbose] --scenario FILE
              --scenario FILE replay an incident timeline (events/README.md, "Scenarios") on the sandbox clock
              --tables FILE   sandbox tables: JSON array of CreateTable inputs (default events/sandbox-tables.json)
              --config FILE   the responder policy (docs/contracts.md), or the deployment configuration
                              (throttle-responder.config.json, JSON with comments); default: every sandbox table
              --show-chat     also print each message's chat form (Amazon Q Developer custom notification)
              --insights DIR  recorded get-insight-rule-report outputs, <table>[-<index>].<PKC|PKT|SKC|SKT>.json
                              (default events/insights)
              --sensor-lines FILE  an application's client-sensor lines (SampleApplication's output), replayed as
                              the Logs Insights answer: the first incident message names their hot keys
              --account ID    the responder's own account: the sandbox's (default 123456789012), or with --aws
                              RESPONDER_ACCOUNT_ID, else the credentials' account (STS GetCallerIdentity)
              --region NAME   the responder's own Region: the sandbox's (default us-east-1), or with --aws AWS_REGION
              --json          one JSON object per notification on stdout, nothing else there
              --aws           run against the account and region in the environment, planning only; --config
                              as above, or RESPONDER_POLICY
              --apply         with --aws: make the changes (needs LEDGER_TABLE_NAME and NOTIFICATIONS_TOPIC_ARN)
              --verbose       the responder's own log lines on stderr
            exit: 0 all acted, planned or ignored; 1 a notification rejected or an action failed; 2 usage error""";

    record Options(Path tables, Path config, Path insights, boolean json, boolean aws, boolean apply, boolean verbose,
                   List<Path> events, Path scenario, String account, String region, boolean showChat, Path sensorLines) {}

    /** The sandbox and the two handlers wired to it, as plain runs and scenarios both use them. */
    record SandboxWiring(Sandbox sandbox, Policy policy, AlarmHandler handler, SandboxFollowUps followUps) {
        static SandboxWiring of(Sandbox sandbox, Policy policy, ResponseMetrics metrics) {
            return new SandboxWiring(sandbox, policy, new AlarmHandler(sandbox.responder(policy).build(), metrics),
                    new SandboxFollowUps(sandbox, new FollowUpHandler(sandbox.followUpResponder(policy).build())));
        }
    }

    /**
     * What the sandbox does around each event: its clock moves to the event's time before, and its
     * follow-ups run at once after, on that clock. Against AWS neither: time is AWS's, and the queue
     * delivers the follow-ups.
     */
    private interface EventSteps {
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
        Options options;
        try {
            options = parse(args);
        } catch (HelpRequested e) {
            out.println(USAGE_TEXT);
            return OK;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        // Before the first logger exists: the runner's own output is the point, the log is detail.
        System.setProperty("throttleresponder.logLevel", options.verbose() ? "INFO" : "WARN");
        try {
            if (options.scenario() != null) {
                return runScenario(options, out, err);
            }
            return options.aws() ? runAgainstAws(options, aws, out, err) : runInSandbox(options, out, err);
        } catch (SandboxException | PolicyException | ConfigurationException | ConfigException e) {
            err.println(e.getMessage());
            return USAGE;
        }
    }

    static Options parse(String[] args) {
        Path tables = Path.of("events", "sandbox-tables.json");
        Path config = null;
        Path insights = Path.of("events", "insights");
        boolean json = false;
        boolean aws = false;
        boolean apply = false;
        boolean verbose = false;
        boolean showChat = false;
        List<Path> events = new ArrayList<>();
        Path scenario = null;
        String account = null;
        String region = null;
        Path sensorLines = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tables" -> tables = Path.of(value(args, ++i, "--tables"));
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--insights" -> insights = Path.of(value(args, ++i, "--insights"));
                case "--sensor-lines" -> sensorLines = Path.of(value(args, ++i, "--sensor-lines"));
                case "--json" -> json = true;
                case "--aws" -> aws = true;
                case "--apply" -> apply = true;
                case "--verbose" -> verbose = true;
                case "--show-chat" -> showChat = true;
                case "--scenario" -> scenario = Path.of(value(args, ++i, "--scenario"));
                case "--account" -> account = value(args, ++i, "--account");
                case "--region" -> region = value(args, ++i, "--region");
                case "-h", "--help" -> throw new HelpRequested();
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    events.add(Path.of(args[i]));
                }
            }
        }
        if (scenario != null && (!events.isEmpty() || aws)) {
            throw new IllegalArgumentException("--scenario replays one timeline on the sandbox: it takes no event files"
                    + " and no --aws (the scenario names its own events)");
        }
        if (scenario == null && events.isEmpty()) {
            throw new IllegalArgumentException("no event file given");
        }
        // Relative paths are the repository's, wherever the runner is started (from tests/, say).
        tables = fromRepository(tables);
        insights = fromRepository(insights);
        config = config == null ? null : fromRepository(config);
        scenario = scenario == null ? null : fromRepository(scenario);
        events = events.stream().map(LocalRunner::fromRepository).toList();
        for (Path event : events) {
            if (!Files.isRegularFile(event)) {
                throw new IllegalArgumentException("no such event file: " + event);
            }
        }
        if (account != null && !OwnAccount.isAccountId(account)) {
            throw new IllegalArgumentException("--account must be 12 digits, was " + account);
        }
        if (region != null && !RegionCode.isCode(region)) {
            throw new IllegalArgumentException("--region must be a Region code such as us-east-1, was " + region);
        }
        if (apply && !aws) {
            throw new IllegalArgumentException("--apply goes with --aws (the sandbox always applies)");
        }
        if (sensorLines != null && (aws || scenario != null)) {
            throw new IllegalArgumentException("--sensor-lines replays into the sandbox's CloudWatch Logs: not with --aws or --scenario");
        }
        sensorLines = sensorLines == null ? null : fromRepository(sensorLines);
        if (sensorLines != null && !Files.isRegularFile(sensorLines)) {
            throw new IllegalArgumentException("no such sensor lines file: " + sensorLines);
        }
        return new Options(tables, config, insights, json, aws, apply, verbose, events, scenario, account, region, showChat,
                sensorLines);
    }

    /** -h or --help: the usage on standard output, exit 0. */
    private static final class HelpRequested extends IllegalArgumentException {
        HelpRequested() {
            super("help");
        }
    }

    /**
     * A relative path that does not exist from here, resolved from the repository's root (the nearest
     * parent holding events/ and pom.xml), so that the defaults and the README's paths work from tests/ too.
     */
    static Path fromRepository(Path path) {
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.exists(dir.resolve(path))) {
                return dir.resolve(path);
            }
        }
        return path;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int runInSandbox(Options options, PrintStream out, PrintStream err) {
        List<SandboxTables.SandboxTable> tables = SandboxTables.read(options.tables());
        if (!Files.isDirectory(options.insights())) {
            throw new SandboxException("--insights " + options.insights() + " is not a directory");
        }
        // The incident's own time: the first event's alarm (today, when no file holds an alarm).
        Instant start = options.events().stream().map(EventTimes::of).flatMap(Optional::stream).findFirst()
                .orElseGet(Instant::now);
        Sandbox.Settings settings = new Sandbox.Settings(
                options.account() == null ? Sandbox.Settings.DEFAULT_ACCOUNT : options.account(),
                options.region() == null ? Sandbox.Settings.DEFAULT_REGION : options.region(), start);
        try (Sandbox sandbox = Sandbox.start(tables, options.insights(), err, settings)) {
            sandbox.sns().showChat(options.showChat());
            Policy policy = options.config() == null ? sandbox.defaultPolicy() : readPolicy(options.config(), err);
            if (options.sensorLines() != null) {
                policy = sandbox.replayApplicationLines(policy, readLines(options.sensorLines()));
            }
            Map<String, Sandbox.Capacity> before = sandbox.capacities();
            SandboxWiring wiring = SandboxWiring.of(sandbox, policy, metrics(options, err));
            int exit = runEvents(wiring.handler(), options, out, err, new EventSteps() {
                @Override
                public void before(Path event) {
                    EventTimes.of(event).ifPresent(time -> {
                        // Time never goes back (decreases, cooldowns and claims count on it): an older file runs at the clock's.
                        if (time.isBefore(sandbox.clock().instant())) {
                            err.println(event + ": its alarm (" + time + ") is older than the sandbox clock ("
                                    + sandbox.clock().instant() + "): it runs at the clock's time, so its summary window"
                                    + " reaches from its alarm to then");
                        }
                        sandbox.clock().advanceTo(time);
                    });
                }

                @Override
                public boolean after(ObjectNode result, PrintStream log) {
                    return runFollowUps(sandbox, wiring.followUps(), result, log);
                }
            });
            PrintStream summary = options.json() ? err : out;
            summary.println();
            summary.println("Capacity before -> after (read back from DynamoDB Local):");
            sandbox.capacities().forEach((resource, after) -> summary.printf("  %-32s %s%s%n", resource, before.get(resource),
                    after.equals(before.get(resource)) ? "  (unchanged)" : "\n  " + " ".repeat(32) + " -> " + after));
            return exit;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new SandboxException("--sensor-lines " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The whole scenario is read and checked before the sandbox starts: a bad file runs nothing. */
    private static int runScenario(Options options, PrintStream out, PrintStream err) {
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

    private static int runAgainstAws(Options options, AwsAccess aws, PrintStream out, PrintStream err) {
        Map<String, String> env = new HashMap<>(aws.environment());
        if (options.config() != null) {
            // One meaning for --config: the policy, or the deployment configuration whose policy the stack generates.
            String policy = policyDocument(options.config(), err);
            // Checked here too, so that a mistake names the file rather than RESPONDER_POLICY.
            PolicyParser.parse(policy, options.config().toString());
            env.put(FunctionEnvironment.RESPONDER_POLICY, policy);
            // --config is the policy of this run, whatever file the environment names (a file wins over the variable).
            env.remove(FunctionEnvironment.RESPONDER_POLICY_FILE);
        }
        if (options.region() != null) {
            env.put("AWS_REGION", options.region());
        }
        env.putIfAbsent("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", ""));
        if (env.get("AWS_REGION").isBlank()) {
            throw new ConfigurationException("--aws needs a Region: pass --region, or set AWS_REGION");
        }
        AwsClients clients = AwsClients.create(env.get("AWS_REGION").trim(), ResponderConfig.endpointFrom(env));
        if (options.account() != null) {
            env.put(FunctionEnvironment.RESPONDER_ACCOUNT_ID, options.account());
        }
        if (env.getOrDefault(FunctionEnvironment.RESPONDER_ACCOUNT_ID, "").isBlank()) {
            // The account the responder answers for: the one the credentials belong to.
            try (StsClient sts = aws.sts().apply(clients)) {
                String account = CallerAccount.of(sts);
                env.put(FunctionEnvironment.RESPONDER_ACCOUNT_ID, account);
                err.println("--aws: answering for account " + account + ", the credentials' (STS GetCallerIdentity)");
            }
        }
        if (!options.apply()) {
            // Planning writes nothing, so the ledger and the topic are never touched: placeholders do.
            env.putIfAbsent(FunctionEnvironment.LEDGER_TABLE_NAME, "(plan only)");
            env.putIfAbsent(FunctionEnvironment.NOTIFICATIONS_TOPIC_ARN, "arn:(plan only)");
        }
        ResponderConfig config = ResponderConfig.fromEnvironment(env);
        if (options.apply()) {
            requireLedgerTable(clients, config);
        }
        ResponderBuilder responder = Wiring.responder(config, clients);
        if (!options.apply()) {
            responder.ledger(new ReadOnlyLedger()).planOnly(true);
        }
        AlarmHandler handler = new AlarmHandler(responder.build(), metrics(options, err));
        return runEvents(handler, options, out, err, EventSteps.NONE);
    }

    /** A wrong LEDGER_TABLE_NAME stops the run naming it, not each alarm with DynamoDB's bare "Requested resource not found". */
    private static void requireLedgerTable(AwsClients clients, ResponderConfig config) {
        boolean exists;
        try {
            exists = AwsConnection.tableExists(clients.dynamoDb(), config.ledgerTableName());
        } catch (SdkException e) {
            throw new ConfigurationException("LEDGER_TABLE_NAME " + config.ledgerTableName() + " cannot be checked: "
                    + AwsConnection.explain(e));
        }
        if (!exists) {
            throw new ConfigurationException("LEDGER_TABLE_NAME " + config.ledgerTableName() + ": no such table in "
                    + config.region() + " (the stack's output LedgerTableName names the deployment's ledger)");
        }
    }

    /** The responder's metric lines go where its log lines go: to stderr with --verbose, nowhere without. */
    private static ResponseMetrics metrics(Options options, PrintStream err) {
        return ResponseMetrics.writingLinesTo(options.verbose() ? err::println : line -> { });
    }

    private static int runEvents(AlarmHandler handler, Options options, PrintStream out, PrintStream err, EventSteps steps) {
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
                    printReadable(result, out);
                }
            }
        }
        return exit;
    }

    /**
     * Runs, through the follow-up handler, what this event put on the queue, each at its due time on
     * the sandbox clock; merges their summaries and actions into the event's result. Repeats those
     * follow-ups schedule in turn stay on AWS's side of the story: they are dropped here, with a note.
     */
    private static boolean runFollowUps(Sandbox sandbox, SandboxFollowUps followUps, ObjectNode result, PrintStream err) {
        if (!result.path("alarm").isTextual() || !result.path("state").isTextual()) {
            return false;
        }
        boolean failed = false;
        sandbox.cloudWatch().setAlarmState(result.get("alarm").asText(), StateValue.fromValue(result.get("state").asText()));
        ArrayNode summaries = result.putArray("summaries");
        for (FollowUpHandler.Batch batch : followUps.runQueued()) {
            for (FollowUpResult followUp : batch.results()) {
                followUp.summaries().forEach(s -> summaries.add(ResponseJson.toJson(s)));
                // A summary's own steps (its message, its repeat) are in the summary; recoveries and retries change things.
                if (followUp.followUp().kind() != FollowUp.Kind.HOT_KEY_SUMMARY) {
                    followUp.actions().forEach(a -> ((ArrayNode) result.get("actions")).add(ResponseJson.toJson(a)));
                }
                if (followUp.reason() != null && followUp.outcome() == Outcome.IGNORED) {
                    result.withArrayProperty("findings").add(followUp.followUp().kind() + ": " + followUp.reason());
                }
            }
            if (!batch.failedMessageIds().isEmpty() || !batch.dropped().isEmpty()) {
                failed = true;
                err.println("follow-up failed or dropped: " + batch.dropped());
            }
        }
        int pending = followUps.discardQueued();
        if (pending > 0) {
            err.println("(" + pending + " follow-up(s) scheduled by follow-ups not run in the sandbox: on AWS they would run"
                    + " later, while the alarm stays in ALARM)");
        }
        return failed;
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

    private static void printReadable(ObjectNode result, PrintStream out) {
        out.printf("%s: %s (%s %s %s)%n", result.get("source").asText(), result.get("outcome").asText(),
                result.path("delivery").asText("-"), result.path("alarm").asText("-"), result.path("state").asText("-"));
        printFindings(result, out);
    }

    /** A scenario's block: what came of the notification or follow-up, under the block's time. */
    static void printDetails(ObjectNode result, PrintStream out) {
        out.printf("  %s%s%n", result.get("outcome").asText(), result.has("delivery")
                ? " (%s %s %s)".formatted(result.path("delivery").asText("-"), result.path("alarm").asText("-"),
                        result.path("state").asText("-"))
                : "");
        printFindings(result, out);
    }

    private static void printFindings(ObjectNode result, PrintStream out) {
        if (!result.path("reason").isNull() && result.has("reason")) {
            out.println("  reason: " + result.get("reason").asText());
        }
        JsonNode incident = result.path("incident");
        if (incident.isObject()) {
            out.printf("  incident: %s%s %s %s%n", incident.get("table").asText(),
                    incident.get("index").isNull() ? "" : "/" + incident.get("index").asText(),
                    incident.get("operation").isNull() ? "-" : incident.get("operation").asText(),
                    incident.get("cause").asText());
        }
        for (JsonNode action : result.path("actions")) {
            out.printf("  %-8s %-28s %s%s%s%n", action.get("status").asText(), action.get("type").asText(),
                    action.get("resource").asText(),
                    action.get("dimension").isNull() ? "" : " " + action.get("dimension").asText(),
                    action.get("to").isNull() ? "" : " " + action.get("from").asText() + " -> " + action.get("to").asText());
        }
        for (JsonNode finding : result.path("findings")) {
            out.println("  finding: " + finding.asText());
        }
        for (JsonNode summary : result.path("summaries")) {
            out.printf("  hot keys %s (%s):%n", summary.get("resource").asText(), summary.get("rule").asText());
            for (JsonNode key : summary.get("topKeys")) {
                out.printf("    %-40s %12.0f %5.1f %%%n", key.get("key").asText(), key.get("value").asDouble(),
                        key.get("share").asDouble() * 100);
            }
            out.println("    recommendation: " + summary.get("recommendation").asText());
        }
    }

    /**
     * The responder's policy document, or the deployment configuration (JSON with comments, as
     * {@code cdk deploy} reads it), whose policy is generated exactly as the stack generates it. Says which.
     */
    private static Policy readPolicy(Path file, PrintStream err) {
        return PolicyParser.parse(policyDocument(file, err), file.toString());
    }

    /** The policy document (RESPONDER_POLICY) --config gives: the file itself, or the one the stack generates from it. */
    private static String policyDocument(Path file, PrintStream err) {
        String text = read(file);
        if (ConfigLoader.isDeploymentConfig(text)) {
            err.println("--config " + file + ": read as the deployment configuration; its policy is the stack's");
            return ResponderPolicy.toJson(ConfigLoader.parse(file, text));
        }
        err.println("--config " + file + ": read as the responder's policy document (RESPONDER_POLICY)");
        return text;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
