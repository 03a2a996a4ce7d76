package io.throttleresponder.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.BenchFunction;
import io.throttleresponder.BenchWiring.Configuration;
import io.throttleresponder.BenchWiring;
import io.throttleresponder.LambdaTaskRoot;
import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.infra.FunctionCode;
import io.throttleresponder.sandbox.DynamoDbLocalServer;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.logging.log4j.core.config.Configurator;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The performance benchmark (docs/performance.md). Serves DynamoDB Local on loopback in this
 * process, then:
 * <ol>
 *   <li>starts fresh JVMs of {@link BenchFunction}, alternating the shipped and the naive
 *       configuration, and reports median and spread of their cold-start and warm figures;</li>
 *   <li>puts every sample event through the shipped wiring here, each call taking a simulated round
 *       trip, and reports the AWS calls issued before the first remedy call.</li>
 * </ol>
 * Usage: {@code java -jar bench/target/benchmark.jar [--runs N] [--warm N] [--round-trip-ms N]} (defaults 10, 40, 50)
 */
public final class Benchmark {

    /** The field SnapStart priming marks its log lines with (SnapshotPriming). */
    private static final String PRIMING_MARK = "\"priming\":\"true\"";

    /** The Lambda Java 17 runtime's defaults: C1 only, serial GC. */
    static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    static final String FIRST_EVENT = "sns-write-provisioned-orders.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    record Options(int runs, int warm, long roundTripMillis) {}

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            System.err.println(e instanceof NumberFormatException ? "not a number: " + e.getMessage() : USAGE);
            System.exit(2);
            return;
        }
        Path root = repositoryRoot();
        Layout layout = Layout.of(root);
        System.setProperty("throttleresponder.logLevel", "WARN");
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        Logger.getLogger("com.almworks.sqlite4java").setLevel(Level.SEVERE);
        // DynamoDB Local logs each failed conditional write; the ledger's claims and locks fail so by design.
        Configurator.setLevel("software.amazon.dynamodb", org.apache.logging.log4j.Level.ERROR);

        try (DynamoDbLocalServer server = DynamoDbLocalServer.start();
             DynamoDbClient admin = server.client(Region.US_EAST_1)) {
            URI endpoint = server.uri();
            List<SandboxTables.SandboxTable> tables = SandboxTables.read(root.resolve("events/sandbox-tables.json"));
            Map<String, String> env = functionEnvironment(endpoint, tables);
            List<Path> events = sampleEvents(root.resolve("events"));

            System.out.printf("# throttle-responder benchmark, %s%n%n", LocalDate.now());
            System.out.println(Report.machine());
            System.out.printf("%d fresh JVMs per configuration (%s), %d warm notifications each (all sample events in turn);%n"
                    + "DynamoDB over loopback HTTP to DynamoDB Local in the launcher, the other services in memory.%n%n",
                    options.runs(), String.join(" ", LAMBDA_JVM_OPTIONS), options.warm());

            Map<Configuration, List<Sample>> samples = new EnumMap<>(Configuration.class);
            Set<String> failures = new TreeSet<>();
            for (int run = 1; run <= options.runs(); run++) {
                for (Configuration configuration : Configuration.values()) {
                    resetTables(admin, tables);
                    Sample sample = coldStart(layout, configuration, List.of(), env, events, options.warm(), run, failures);
                    samples.computeIfAbsent(configuration, c -> new ArrayList<>()).add(sample);
                    System.err.printf("run %d %-7s start->first %4d ms, first %6.1f ms, warm %.2f ms%n", run, configuration,
                            Math.round(sample.startToFirstMillis()), sample.firstMillis(), sample.warmMillis());
                }
            }
            double jarMb = layout.largestFunctionJarMb();
            System.out.println(Report.coldStartTable(samples, jarMb));
            System.out.println(Report.restoredFirstTable(samples.get(Configuration.SHIPPED_PRIMED)));

            // What a plain cold start is made of, and what was tried against it.
            List<Double> floor = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                floor.add(jvmFloor(layout));
            }
            Path archive = layout.logs().resolve("functions.jsa");
            Files.deleteIfExists(archive);
            resetTables(admin, tables);
            // Unified logging writes to stdout, where the measured JVM writes its result: CDS's warnings go to stderr.
            coldStart(layout, Configuration.SHIPPED, List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:ArchiveClassesAtExit=" + archive), env, events,
                    options.warm(), 0, failures);
            List<Sample> withArchive = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                resetTables(admin, tables);
                withArchive.add(coldStart(layout, Configuration.SHIPPED, List.of("-Xlog:disable", "-Xlog:all=warning:stderr",
                        "-XX:SharedArchiveFile=" + archive), env, events,
                        options.warm(), run, failures));
            }
            // The function alone, without the benchmark's proxies and stand-ins.
            List<DeployedRun> deployed = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                resetTables(admin, tables);
                deployed.add(functionAsDeployed(layout, env, events, false, 0, Optional.empty(), failures));
            }
            List<DeployedRun> deployedPrimed = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                resetTables(admin, tables);
                deployedPrimed.add(functionAsDeployed(layout, env, events, true, options.warm(), Optional.empty(), failures));
            }
            List<SdkFloorRun> sdkFloor = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                sdkFloor.add(sdkFloorRun(layout, env, endpoint));
            }
            System.out.println(Report.plainColdStartTable(floor, samples.get(Configuration.SHIPPED), withArchive, deployed, sdkFloor));
            System.out.println(Report.restoredAloneTable(deployedPrimed, samples.get(Configuration.SHIPPED_PRIMED)));
            double sdkClasses = Stats.of(sdkFloor.stream().map(SdkFloorRun::classes).toList()).median();
            Path classLog = layout.logs().resolve("classes-loaded.log");
            resetTables(admin, tables);
            double loggedClasses = functionAsDeployed(layout, env, events, false, 0, Optional.of(classLog), failures).classes();
            System.out.println(Report.classesTable(ClassBreakdown.of(Files.readAllLines(classLog)), loggedClasses, sdkClasses));

            // The on-call guide's own script, against the same DynamoDB Local.
            Optional<Peer> found = Peer.find(root.resolve("bench/peer/emergency_scale_table.py"));
            List<Double> peerRuns = new ArrayList<>();
            if (found.isEmpty()) {
                System.out.println("Peer not run: no python3 imports boto3 (apt-get install python3-boto3).\n");
            } else {
                Peer peer = found.get();
                for (int run = 1; run <= options.runs(); run++) {
                    resetTables(admin, tables);
                    peerRuns.add(peer.run(endpoint, "orders"));
                }
                System.out.println(Report.peerTable(samples.get(Configuration.SHIPPED), samples.get(Configuration.SHIPPED_PRIMED),
                        deployed, peerRuns, peer.describe()));
            }
            System.out.println(OnsetToRemedy.table(
                    Stats.of(samples.get(Configuration.SHIPPED).stream().map(Sample::warmMillis).toList()).median(),
                    Stats.of(samples.get(Configuration.SHIPPED_PRIMED).stream().map(Sample::firstMillis).toList()).median(),
                    Stats.of(samples.get(Configuration.SHIPPED).stream().map(Sample::startToFirstMillis).toList()).median()));
            if (!failures.isEmpty()) {
                System.out.println("Warm notifications that threw (left out of the warm figures):");
                failures.forEach(f -> System.out.println("- " + f));
                System.out.println();
            }

            List<RemedyPath> paths = new ArrayList<>();
            for (Path event : events) {
                resetTables(admin, tables);
                paths.add(remedyPath(event, env, tables, options.roundTripMillis()));
            }
            System.out.println(Report.remedyTable(paths, options.roundTripMillis()));
            System.out.println("Load average at the end: " + Report.loadAverage() + "\n");
            System.out.println(Report.targets(samples.get(Configuration.SHIPPED), samples.get(Configuration.SHIPPED_PRIMED), jarMb, paths,
                    peerRuns, deployed, deployedPrimed, sdkFloor));
        }
    }

    static final String USAGE = "usage: java -jar bench/target/benchmark.jar [--runs N] [--warm N] [--round-trip-ms N]\n"
            + "  --runs N           fresh JVMs measured (default 10)\n"
            + "  --warm N           warm notifications per JVM (default 40)\n"
            + "  --round-trip-ms N  simulated AWS round trip of each call (default 50)";

    static Options parse(String[] args) {
        int runs = 10;
        int warm = 40;
        long roundTrip = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warm" -> warm = Integer.parseInt(args[++i]);
                case "--round-trip-ms" -> roundTrip = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException(USAGE);
            }
        }
        return new Options(runs, warm, roundTrip);
    }

    /** What one fresh JVM measured. */
    record Sample(double initMillis, double primingMillis, double firstMillis, double firstExcludingAwsMillis,
                  double firstFirstRoundMillis, double startToFirstMillis, double warmMillis,
                  double warmExcludingAwsMillis, double warmFirstRoundMillis, double warmAwsCallMillis, double classesAfterFirst, double heapAfterFirstMb,
                  double logLinesPerNotification, Map<String, Double> initSteps) {}

    /** The jars a measured JVM runs from: the deployed function jar, the stand-ins and the bench entry point. */
    record Layout(FunctionCode functionJars, Path benchJar, Path testsJar, List<Path> naiveHttpClient, Path logs, Path taskRoot) {
        static Layout of(Path root) throws IOException {
            FunctionCode functionJars = FunctionCode.builtUnder(root);
            for (Path jar : List.of(functionJars.alarmFunction(), functionJars.followUpFunction())) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: run mvn -q -DskipTests package first");
                }
            }
            Path logs = root.resolve("bench/target/bench-logs");
            Files.createDirectories(logs);
            Path taskRoot = root.resolve("bench/target/task-root");
            if (Files.exists(taskRoot)) {
                try (Stream<Path> old = Files.walk(taskRoot)) {
                    for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return new Layout(functionJars,
                    onlyJar(root.resolve("bench/target"), "bench-"),
                    onlyJar(root.resolve("tests/target"), "tests-"),
                    jars(root.resolve("bench/target/naive-http-client")),
                    logs,
                    LambdaTaskRoot.unpack(functionJars.alarmFunction(), Files.createDirectories(taskRoot)));
        }

        /** Each function ships its own jar; the target holds for each, so the largest is the one to check. */
        double largestFunctionJarMb() throws IOException {
            return Math.max(Files.size(functionJars.alarmFunction()), Files.size(functionJars.followUpFunction())) / 1e6;
        }

        /** The alarm function's jar unpacked as Lambda unpacks it into the task root, and the benchmark's for the measuring main class. */
        String functionClasspath() {
            return taskRoot + File.pathSeparator + benchJar;
        }

        String classpath(Configuration configuration) {
            // The alarm function, from its own deployed jar.
            List<Path> entries = new ArrayList<>(List.of(functionJars.alarmFunction(), testsJar, benchJar));
            if (configuration == Configuration.NAIVE) {
                entries.addAll(naiveHttpClient);
            }
            return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
    }

    private static Sample coldStart(Layout layout, Configuration configuration, List<String> extraJvmOptions,
                                    Map<String, String> env, List<Path> events, int warm, int run, Set<String> failures)
            throws IOException, InterruptedException {
        Path log = layout.logs().resolve(run + "-" + configuration.name().toLowerCase()
                + (extraJvmOptions.isEmpty() ? "" : "-cds") + ".log");
        List<String> command = javaCommand(extraJvmOptions, layout.classpath(configuration), BenchFunction.class);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long launchedAt = System.currentTimeMillis();
        command.addAll(List.of(Long.toString(launchedAt), configuration.name(), Integer.toString(warm),
                events.stream().filter(e -> e.getFileName().toString().equals(FIRST_EVENT)).findFirst().orElseThrow().toString()));
        events.forEach(e -> command.add(e.toString()));
        builder.command(command);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(configuration + " run " + run + " failed; see " + log + "\n" + out);
        }
        JsonNode result = JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        if (!"ACTED".equals(result.get("firstOutcome").asText())) {
            throw new IllegalStateException(configuration + " run " + run + ": first notification was "
                    + result.get("firstOutcome").asText() + ", not ACTED; see " + log);
        }
        result.get("failedNotifications").forEach(f -> failures.add(configuration + ": " + f.asText()));
        long logLines;
        try (Stream<String> lines = Files.lines(log)) {
            // The log lines on stderr, and the metric lines Powertools writes on stdout before the result line;
            // priming's own lines (marked, before the snapshot) are no notification's.
            logLines = lines.filter(line -> !line.contains(PRIMING_MARK)).count() + out.lines().count() - 1;
        }
        return new Sample(result.get("initMillis").asDouble(), result.get("primingMillis").asDouble(),
                result.get("firstMillis").asDouble(), result.get("firstExcludingAwsMillis").asDouble(),
                result.get("firstFirstRoundMillis").asDouble(), result.get("startToFirstMillis").asDouble(),
                median(result.get("warmMillis")), median(result.get("warmExcludingAwsMillis")), median(result.get("warmFirstRoundMillis")),
                median(result.get("warmAwsCallMillis")),
                result.get("classesAfterFirst").asDouble(), result.get("heapAfterFirstBytes").asDouble() / 1e6,
                (double) logLines / result.get("notifications").asInt(), initSteps(result.path("initSteps")));
    }

    private static Map<String, Double> initSteps(JsonNode steps) {
        Map<String, Double> byStep = new LinkedHashMap<>();
        steps.fields().forEachRemaining(step -> byStep.put(step.getKey(), step.getValue().asDouble()));
        return byStep;
    }

    /** This JVM's java with the Lambda runtime's options, then {@code extraJvmOptions}, running {@code main}. */
    private static List<String> javaCommand(List<String> extraJvmOptions, String classpath, Class<?> main) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.addAll(List.of("-cp", classpath, main.getName()));
        return command;
    }

    /** A JVM with the Lambda runtime's options that loads one empty class: the floor of every cold start here. */
    private static double jvmFloor(Layout layout) throws IOException, InterruptedException {
        List<String> command = javaCommand(List.of(), layout.benchJar().toString(), JvmFloor.class);
        command.add(Long.toString(System.currentTimeMillis()));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("the JVM floor run failed: " + out);
        }
        return Double.parseDouble(out);
    }

    /** What a JVM that builds the function's six SDK clients and makes one DynamoDB call, nothing of ours, measured. */
    record SdkFloorRun(double classes, double startToDoneMillis) {}

    private static SdkFloorRun sdkFloorRun(Layout layout, Map<String, String> env, URI endpoint)
            throws IOException, InterruptedException {
        List<String> command = javaCommand(List.of(), layout.functionClasspath(), SdkFloor.class);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        command.add(endpoint.toString());
        command.add(Long.toString(System.currentTimeMillis()));
        builder.command(command);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("the SDK floor run failed: " + out);
        }
        String[] figures = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        return new SdkFloorRun(Double.parseDouble(figures[0]), Double.parseDouble(figures[1]));
    }

    /**
     * What one {@link FunctionAsDeployed} JVM measured: from process start to the capacity raised (its UpdateTable
     * answered) and to the first notification handled, the classes loaded by then, the first notification alone, and
     * the median warm notification, whole and without the time its HTTP exchanges were out (NaN without warm ones).
     */
    record DeployedRun(double startToCapacityRaisedMillis, double startToHandledMillis, double classes, double firstMillis,
                       double warmMillis, double warmExcludingAwsMillis) {}

    /**
     * The alarm function alone on its class path, wired as on Lambda ({@link FunctionAsDeployed}): a plain cold start
     * to the end of the first event's notification, or, {@code primed}, priming as before a snapshot, the first
     * notification, then {@code warm} warm ones; with {@code classLog}, its class-load log is written there.
     */
    private static DeployedRun functionAsDeployed(Layout layout, Map<String, String> env, List<Path> events, boolean primed, int warm,
                                                  Optional<Path> classLog, Set<String> failures)
            throws IOException, InterruptedException {
        List<String> jvmOptions = new ArrayList<>();
        if (classLog.isPresent()) {
            Files.deleteIfExists(classLog.get());
            // Unified logging writes to stdout, where the figures are printed: warnings go to stderr.
            jvmOptions.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:class+load=info:file=" + classLog.get()));
        }
        List<String> command = javaCommand(jvmOptions, layout.functionClasspath(), FunctionAsDeployed.class);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(layout.logs().resolve("function-as-deployed.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        command.addAll(List.of(Long.toString(System.currentTimeMillis()), primed ? "primed" : "plain", Integer.toString(warm),
                events.stream().filter(e -> e.getFileName().toString().equals(FIRST_EVENT)).findFirst().orElseThrow().toString()));
        if (warm > 0) {
            events.forEach(e -> command.add(e.toString()));
        }
        builder.command(command);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0 || !out.contains("\"outcome\":\"ACTED\"")) {
            throw new IllegalStateException("the function as deployed did not act on " + FIRST_EVENT + ": " + out);
        }
        JsonNode figures = JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        if (!figures.has("startToCapacityRaisedMillis")) {
            throw new IllegalStateException("the function as deployed did not raise the capacity on " + FIRST_EVENT + ": " + out);
        }
        figures.get("failedNotifications").forEach(f -> failures.add("function alone" + (primed ? ", primed" : "") + ": " + f.asText()));
        return new DeployedRun(figures.get("startToCapacityRaisedMillis").asDouble(), figures.get("startToHandledMillis").asDouble(),
                figures.get("classes").asDouble(), figures.get("firstMillis").asDouble(), median(figures.get("warmMillis")),
                median(figures.get("warmExcludingAwsMillis")));
    }

    /** The AWS calls the shipped wiring makes for one event, each taking a simulated round trip. */
    record RemedyPath(String event, String firstRemedy, List<List<AwsCalls.Call>> roundsBeforeRemedy, int totalCalls,
                      String failure) {
        int callsBeforeRemedy() {
            return roundsBeforeRemedy.stream().mapToInt(List::size).sum();
        }
    }

    private static RemedyPath remedyPath(Path event, Map<String, String> env, List<SandboxTables.SandboxTable> tables,
                                         long roundTripMillis) throws IOException {
        AwsCalls calls = new AwsCalls(roundTripMillis);
        RequestStreamHandler handler = BenchWiring.handler(Configuration.SHIPPED, env, scalableTargets(tables), calls);
        String failure = null;
        try {
            handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(event)), new ByteArrayOutputStream(), null);
        } catch (RuntimeException e) {
            failure = e.toString().lines().findFirst().orElse("");
        }
        List<AwsCalls.Call> all = calls.calls();
        String firstRemedy = all.stream().map(AwsCalls.Call::operation).filter(AwsCalls.REMEDIES::contains)
                .findFirst().orElse(null);
        List<AwsCalls.Call> before = firstRemedy == null ? List.of() : AwsCalls.beforeFirstRemedy(all);
        return new RemedyPath(event.getFileName().toString(), firstRemedy, AwsCalls.rounds(before), all.size(), failure);
    }

    private static Map<String, String> functionEnvironment(URI endpoint, List<SandboxTables.SandboxTable> tables) {
        Map<String, String> env = new LinkedHashMap<>();
        ObjectNode policy = JSON.createObjectNode();
        policy.set("tables", tables.stream()
                .map(t -> t.createTable().tableName())
                .collect(JSON::createObjectNode, (node, name) -> node.putObject(name), (a, b) -> a.setAll(b)));
        // The client sensor's sample alarms are answered too, as a deployment with "sensor" answers them.
        policy.putObject("sensor").put("namespace", SensorMetrics.DEFAULT_NAMESPACE);
        env.put("RESPONDER_POLICY", policy.toString());
        env.put("LEDGER_TABLE_NAME", Sandbox.LEDGER_TABLE);
        env.put("NOTIFICATIONS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:throttle-responder-notifications");
        env.put("FOLLOW_UP_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/throttle-responder-follow-ups");
        // The sample events' account and Region.
        env.put("RESPONDER_ACCOUNT_ID", Sandbox.Settings.DEFAULT_ACCOUNT);
        env.put("AWS_REGION", Sandbox.Settings.DEFAULT_REGION);
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        // As on Lambda: credentials in the environment, and the function name that tells AwsClients it is on Lambda.
        env.put("AWS_ACCESS_KEY_ID", "bench");
        env.put("AWS_SECRET_ACCESS_KEY", "bench");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "throttle-responder-bench");
        env.put("BENCH_SCALABLE_TARGETS", BenchFunction.ScalableTargets.format(scalableTargets(tables)));
        return env;
    }

    private static List<ScalableTarget> scalableTargets(List<SandboxTables.SandboxTable> tables) {
        return tables.stream().flatMap(t -> t.scalableTargets().stream()).toList();
    }

    /** Fresh tables for every run: the responder changes capacity, and the ledger remembers cooldowns. */
    private static void resetTables(DynamoDbClient admin, List<SandboxTables.SandboxTable> tables) {
        admin.listTables().tableNames().forEach(name -> admin.deleteTable(r -> r.tableName(name)));
        tables.forEach(t -> admin.createTable(t.createTable()));
        Sandbox.createLedgerTable(admin, Sandbox.LEDGER_TABLE);
    }

    private static List<Path> sampleEvents(Path eventsDirectory) throws IOException {
        try (Stream<Path> files = Files.list(eventsDirectory)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("sandbox-tables.json"))
                    .sorted()
                    .toList();
        }
    }

    private static double median(JsonNode values) {
        List<Double> list = new ArrayList<>();
        values.forEach(v -> list.add(v.asDouble()));
        return list.isEmpty() ? Double.NaN : Stats.of(list).median();
    }

    private static Path repositoryRoot() throws URISyntaxException {
        // bench/target/benchmark.jar (or bench/target/classes) -> the repository.
        Path location = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return location.getParent().getParent().getParent();
    }

    private static Path onlyJar(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(".jar") && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + directory + ": build first"));
        }
    }

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
