package io.throttleresponder;

import io.throttleresponder.contract.RegionCode;
import io.throttleresponder.intake.OwnAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The local runner's command line: the options, checked together before anything runs, and the usage. */
record RunnerOptions(Path tables, Path config, Path insights, boolean json, boolean aws, boolean apply, boolean verbose,
                     List<Path> events, Path scenario, String account, String region, boolean showChat, Path sensorLines) {

    static final String USAGE_TEXT = """
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

    static RunnerOptions parse(String[] args) {
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
        events = events.stream().map(RunnerOptions::fromRepository).toList();
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
        return new RunnerOptions(tables, config, insights, json, aws, apply, verbose, events, scenario, account, region, showChat,
                sensorLines);
    }

    /** -h or --help: the usage on standard output, exit 0. */
    static final class HelpRequested extends IllegalArgumentException {
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
}
