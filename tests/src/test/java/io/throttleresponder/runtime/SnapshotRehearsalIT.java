package io.throttleresponder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.LambdaTaskRoot;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.contract.FunctionEnvironment;
import io.throttleresponder.infra.FunctionCode;
import io.throttleresponder.infra.ThrottleResponder;
import io.throttleresponder.infra.ThrottleResponderApp;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.runtime.LocalRuntimeApi.Answer;
import io.throttleresponder.sandbox.DynamoDbLocalServer;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Each function as Lambda runs it: its own shipped jar unpacked as its task root, the environment the
 * stack gives the function, and AWS's own runtime interface client as the process's main class,
 * talking to a {@link LocalRuntimeApi}. With {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} the
 * client runs every CRaC hook registered during init through its own context, as SnapStart does when
 * it publishes a version (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html):
 * {@code beforeCheckpoint}, then {@code restore/next}, then {@code afterRestore}. The client catches
 * only {@code Exception} around the hooks: an {@code Error} (a class missing from the jar) ends the
 * process, which is what publishing the version would do on AWS.
 *
 * <p>Runs in {@code integration-test}, after every module's {@code package}, so it rehearses the jar
 * that {@code cdk deploy} would upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotRehearsalIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** Each function's task root: its own jar, unpacked. */
    private Map<String, Path> taskRoots;
    private Map<String, StackFunction> stackFunctions;
    private DynamoDbLocalServer dynamoDbLocal;

    @BeforeAll
    void unpackTheShippedJarsAndSynthesizeTheStack() throws IOException {
        FunctionCode jars = FunctionCode.builtUnder(Path.of(System.getProperty("throttleresponder.repository",
                REPOSITORY.toString())));
        taskRoots = Map.of(ThrottleResponder.HANDLER, unpacked(jars.alarmFunction()),
                ThrottleResponder.FOLLOW_UP_HANDLER, unpacked(jars.followUpFunction()));
        stackFunctions = StackFunction.byHandler(ThrottleResponderApp.synthesizeAssembly(
                REPOSITORY.resolve("throttle-responder.config.json"), new FunctionCode(
                        taskRoots.get(ThrottleResponder.HANDLER), taskRoots.get(ThrottleResponder.FOLLOW_UP_HANDLER))));
        dynamoDbLocal = DynamoDbLocalServer.start();
        DynamoDbClient admin = dynamoDbLocal.client(Region.US_EAST_1);
        SandboxTables.read(REPOSITORY.resolve("events/sandbox-tables.json"))
                .forEach(table -> admin.createTable(table.createTable()));
        Sandbox.createLedgerTable(admin, Sandbox.LEDGER_TABLE);
    }

    @AfterAll
    void stop() {
        if (dynamoDbLocal != null) {
            dynamoDbLocal.close();
        }
    }

    @Test
    void alarmFunction_takesItsSnapshotRestoresAndAnswersAnAlarm() throws Exception {
        try (LocalRuntimeApi api = new LocalRuntimeApi(timeout(ThrottleResponder.HANDLER));
             FunctionProcess function = start(ThrottleResponder.HANDLER, api, "snap-start", dynamoDbLocal.uri().toString(), Map.of())) {
            function.await(api.restored());
            Answer answer = function.await(api.invoke(event("sns-non-dynamodb.json")));

            assertThat(answer.kind()).as(function.log()).isEqualTo("response");
            assertThat(JSON.readTree(answer.body()).get(0).path("outcome").asText()).isEqualTo("IGNORED");
            assertThat(api.answers()).extracting(Answer::kind).doesNotContain("init/error", "restore/error");
            assertThat(function.log()).contains("primed for snapshot").contains("\"priming\":\"true\"");
            assertEveryClassOfItsCodeCameFromItsJar(function, ThrottleResponder.HANDLER);
        }
    }

    @Test
    void followUpFunction_takesItsSnapshotRestoresAndAnswersAFollowUp() throws Exception {
        try (LocalRuntimeApi api = new LocalRuntimeApi(timeout(ThrottleResponder.FOLLOW_UP_HANDLER));
             FunctionProcess function = start(ThrottleResponder.FOLLOW_UP_HANDLER, api, "snap-start", dynamoDbLocal.uri().toString(), Map.of())) {
            function.await(api.restored());
            Answer answer = function.await(api.invoke(sqsEvent("m-1", "{\"not\":\"a follow-up\"}")));

            assertThat(answer.kind()).as(function.log()).isEqualTo("response");
            assertThat(JSON.readTree(answer.body()).path("batchItemFailures")).isEmpty();
            assertThat(api.answers()).extracting(Answer::kind).doesNotContain("init/error", "restore/error");
            assertThat(function.log()).contains("follow-up function primed for snapshot")
                    .contains("follow-up message dropped");
            // The made-up follow-up priming handles reads as priming, never as real work.
            assertThat(function.log().lines().filter(line -> line.contains("follow-up handled")))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("\"priming\":\"true\""));
            assertEveryClassOfItsCodeCameFromItsJar(function, ThrottleResponder.FOLLOW_UP_HANDLER);
        }
    }

    @Test
    void alarmFunction_whoseLedgerCannotBeReached_reportsTheInvocationErrorNamingTheCall() throws Exception {
        try (LocalRuntimeApi api = new LocalRuntimeApi(timeout(ThrottleResponder.HANDLER));
             FunctionProcess function = start(ThrottleResponder.HANDLER, api, "on-demand", unreachableEndpoint(), Map.of())) {
            Answer answer = function.await(api.invoke(event("sns-write-provisioned-orders.json")));

            assertThat(answer.kind()).as(function.log()).isEqualTo("error");
            assertThat(function.log())
                    .contains("alarm not handled")
                    .contains("\"call\":\"DynamoDbDeliveryClaims.claimAndLock -> TransactWriteItems\"")
                    // NotificationsFailed under the alarm's table, where the per-table dashboard looks for it.
                    .containsPattern("\"TableName\":\"orders\"[^\\n]*\"NotificationsFailed\":1");
        }
    }

    @Test
    void followUpFunction_whoseLedgerCannotBeReached_handsTheMessageBackToTheQueue() throws Exception {
        try (LocalRuntimeApi api = new LocalRuntimeApi(timeout(ThrottleResponder.FOLLOW_UP_HANDLER));
             FunctionProcess function = start(ThrottleResponder.FOLLOW_UP_HANDLER, api, "on-demand", unreachableEndpoint(), Map.of())) {
            String body = FollowUpMessage.write(FollowUp.recovery("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents",
                    ResourceId.table("orders"), Operation.WRITE, Instant.parse("2026-11-21T03:10:00Z")),
                    Instant.parse("2026-11-21T03:40:00Z"));
            Answer answer = function.await(api.invoke(sqsEvent("m-2", body)));

            // SQS's partial batch response: the message goes back to the queue, the function does not fail.
            assertThat(answer.kind()).as(function.log()).isEqualTo("response");
            assertThat(JSON.readTree(answer.body()).path("batchItemFailures").findValuesAsText("itemIdentifier"))
                    .containsExactly("m-2");
        }
    }

    @Test
    void eachFunction_withoutItsLedgerTable_reportsAnInitError() throws Exception {
        for (String handler : List.of(ThrottleResponder.HANDLER, ThrottleResponder.FOLLOW_UP_HANDLER)) {
            try (LocalRuntimeApi api = new LocalRuntimeApi(timeout(handler));
                 FunctionProcess function = start(handler, api, "snap-start", dynamoDbLocal.uri().toString(),
                         Map.of(FunctionEnvironment.LEDGER_TABLE_NAME, ""))) {
                Answer answer = function.await(api.initError());

                assertThat(answer.kind()).as(function.log()).isEqualTo("init/error");
                assertThat(answer.body()).contains(FunctionEnvironment.LEDGER_TABLE_NAME);
                assertThat(function.awaitExit()).as(handler + " exits after its init error").isNotZero();
            }
        }
    }

    /** Starts the function as Lambda would, with {@code overrides} on the stack's environment ("" removes a variable). */
    private FunctionProcess start(String handler, LocalRuntimeApi api, String initializationType, String awsEndpoint,
            Map<String, String> overrides) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(stackFunctions.get(handler).environment());
        environment.putAll(LambdaEnvironment.reserved(handler, api.address(), initializationType, taskRoots.get(handler)));
        environment.put("AWS_ENDPOINT_URL", awsEndpoint);
        overrides.forEach((name, value) -> {
            if (value.isEmpty()) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        return FunctionProcess.start(handler, taskRoots.get(handler), environment);
    }

    private Duration timeout(String handler) {
        return stackFunctions.get(handler).timeout();
    }

    private static byte[] event(String file) throws IOException {
        return Files.readAllBytes(REPOSITORY.resolve("events").resolve(file));
    }

    /** An SQS event as Lambda delivers one message of the follow-up queue. */
    private static byte[] sqsEvent(String messageId, String body) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", messageId);
        record.put("receiptHandle", "AQEB" + messageId);
        record.put("body", body);
        ObjectNode attributes = record.putObject("attributes");
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", "1795000000000");
        attributes.put("SenderId", "AROAEXAMPLE:throttle-responder-alarm-handler");
        attributes.put("ApproximateFirstReceiveTimestamp", "1795000000000");
        record.putObject("messageAttributes");
        record.put("md5OfBody", "00000000000000000000000000000000");
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:throttle-responder-follow-ups");
        record.put("awsRegion", "us-east-1");
        return JSON.writeValueAsBytes(event);
    }

    /** A loopback port nothing listens on: every AWS call is refused at once. */
    private static String unreachableEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /**
     * Every class of the function's code (everything but the JDK and Lambda's runtime interface client) that the
     * JVM loaded, from init and priming through the snapshot, the restore and an invocation, is in the function's
     * own jar, and none was missing. A few come from the runtime's system classpath instead (its own copy of
     * aws-lambda-java-core and the SDK's utils-lite, found first by parent-first delegation): those must be in
     * the jar too, since the function does not choose which copy wins.
     */
    private void assertEveryClassOfItsCodeCameFromItsJar(FunctionProcess function, String handler) throws IOException {
        Path taskRoot = taskRoots.get(handler);
        List<String> ofItsCode = Files.readAllLines(function.classLoadLog()).stream()
                .filter(line -> FUNCTION_CODE_PACKAGES.stream().anyMatch(p -> line.contains("[class,load] " + p)))
                // Lambdas' and proxies' classes are generated from a loaded one: their source is no file.
                .filter(line -> !GENERATED_SOURCE.matcher(line).find())
                .map(line -> line.substring(line.indexOf("[class,load] ") + "[class,load] ".length(), line.indexOf(" source: ")))
                .toList();
        assertThat(ofItsCode).as("classes of the function's code that " + handler + " loaded").hasSizeGreaterThan(1000)
                .allSatisfy(name -> assertThat(taskRoot.resolve(name.replace('.', '/') + ".class"))
                        .as("%s, loaded by %s, in its jar", name, handler).exists());
        assertThat(function.log()).doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
    }

    /** A class the JVM generated (a lambda's, a proxy's), whose source names its host class or a JVM marker. */
    private static final Pattern GENERATED_SOURCE = Pattern.compile("source: (?!file:|jar:|jrt:|shared objects file)");

    /** The packages of the function's jar: its own, the SDK's, Powertools', the logging's and Jackson's. */
    private static final List<String> FUNCTION_CODE_PACKAGES = List.of("io.throttleresponder.", "software.amazon.awssdk.",
            "software.amazon.lambda.powertools.", "software.amazon.cloudwatchlogs.", "org.apache.logging.",
            "com.fasterxml.jackson.", "org.slf4j.", "org.crac.", "org.aspectj.");

    private static Path unpacked(Path jar) throws IOException {
        assertThat(jar).as("the function jar `mvn package` builds").exists();
        return LambdaTaskRoot.unpack(jar, Files.createTempDirectory("lambda-task-root"));
    }

    /**
     * A function as the synthesized stack defines it: its environment, references resolved to this
     * rehearsal's stand-ins and paths under /opt to its layers' assets (Lambda extracts a function's layers
     * into /opt: https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html), and its timeout,
     * which sets each invocation's deadline.
     */
    record StackFunction(Map<String, String> environment, Duration timeout) {
        private static final String LAYERS_ROOT = "/opt/";

        private static final Map<String, String> RESOLVED = Map.of(
                FunctionEnvironment.LEDGER_TABLE_NAME, Sandbox.LEDGER_TABLE,
                FunctionEnvironment.NOTIFICATIONS_TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:throttle-responder-notifications",
                FunctionEnvironment.FOLLOW_UP_QUEUE_URL, "https://sqs.us-east-1.amazonaws.com/123456789012/throttle-responder-follow-ups",
                FunctionEnvironment.RESPONDER_ACCOUNT_ID, "123456789012");

        static Map<String, StackFunction> byHandler(Path assembly) throws IOException {
            Map<String, StackFunction> byHandler = new LinkedHashMap<>();
            Path stackTemplate;
            try (var templates = Files.list(assembly)) {
                stackTemplate = templates.filter(f -> f.getFileName().toString().endsWith(".template.json")
                        && !f.getFileName().toString().contains(".nested.")).findFirst().orElseThrow();
            }
            JsonNode resources = JSON.readTree(stackTemplate.toFile()).path("Resources");
            resources.forEach(resource -> {
                if (!resource.path("Type").asText().equals("AWS::Lambda::Function")) {
                    return;
                }
                JsonNode properties = resource.path("Properties");
                Map<String, String> environment = new LinkedHashMap<>();
                properties.path("Environment").path("Variables").fields().forEachRemaining(variable -> {
                    String name = variable.getKey();
                    if (variable.getValue().isTextual() && variable.getValue().asText().startsWith(LAYERS_ROOT)) {
                        environment.put(name, inLayers(resources, properties.path("Layers"), assembly,
                                variable.getValue().asText().substring(LAYERS_ROOT.length())).toString());
                    } else if (variable.getValue().isTextual()) {
                        environment.put(name, variable.getValue().asText());
                    } else if (RESOLVED.containsKey(name)) {
                        environment.put(name, RESOLVED.get(name));
                    } else {
                        throw new IllegalStateException("the stack sets " + name + " to a reference the rehearsal cannot resolve: "
                                + variable.getValue());
                    }
                });
                byHandler.put(properties.path("Handler").asText(),
                        new StackFunction(environment, Duration.ofSeconds(properties.path("Timeout").asLong(3))));
            });
            assertThat(byHandler).containsKeys(ThrottleResponder.HANDLER, ThrottleResponder.FOLLOW_UP_HANDLER);
            return byHandler;
        }

        /** The file at {@code path} under /opt, in whichever of the function's layers' assets holds it. */
        private static Path inLayers(JsonNode resources, JsonNode layers, Path assembly, String path) {
            for (JsonNode layer : layers) {
                String key = resources.path(layer.path("Ref").asText()).at("/Properties/Content/S3Key").asText();
                Path file = assembly.resolve("asset." + key.replace(".zip", "")).resolve(path);
                if (Files.exists(file)) {
                    return file;
                }
            }
            throw new IllegalStateException("no layer of the function holds /opt/" + path);
        }
    }

    /** The variables Lambda sets for every function (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime). */
    static final class LambdaEnvironment {
        static Map<String, String> reserved(String handler, String runtimeApi, String initializationType, Path taskRoot) {
            String functionName = "throttle-responder-" + handler.substring(handler.lastIndexOf('.') + 1, handler.indexOf("::"));
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("_HANDLER", handler);
            environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
            environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
            environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            environment.put("AWS_REGION", "us-east-1");
            environment.put("AWS_DEFAULT_REGION", "us-east-1");
            environment.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
            environment.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
            environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/04/[1]rehearsal");
            environment.put("AWS_ACCESS_KEY_ID", "rehearsal");
            environment.put("AWS_SECRET_ACCESS_KEY", "rehearsal");
            environment.put("AWS_SESSION_TOKEN", "rehearsal");
            environment.put("TZ", ":UTC");
            environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            return environment;
        }
    }

    /** The function's JVM: the runtime interface client as main class, the task root as working directory. */
    static final class FunctionProcess implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final Path classLoadLog;

        private FunctionProcess(Process process, Path log, Path classLoadLog) {
            this.process = process;
            this.log = log;
            this.classLoadLog = classLoadLog;
        }

        static FunctionProcess start(String handler, Path taskRoot, Map<String, String> environment) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // As Lambda's Java runtime starts the JVM for SnapStart: its CRaC context behind org.crac.
            command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            Path classLoadLog = Files.createTempFile("rehearsal-classes-" + handler.substring(0, handler.indexOf("::")), ".log");
            command.add("-Xlog:class+load=info:file=" + classLoadLog);
            command.add("-cp");
            command.add(System.getProperty("throttleresponder.runtimeClasspath"));
            command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
            command.add(handler);
            Path log = Files.createTempFile("rehearsal-" + handler.substring(0, handler.indexOf("::")), ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            return new FunctionProcess(builder.start(), log, classLoadLog);
        }

        /** Every class the JVM loaded, with where from. */
        Path classLoadLog() {
            return classLoadLog;
        }

        String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Waits for {@code step} while the process lives: a function that dies first (an Error in a hook
         * ends the runtime interface client's JVM) fails the rehearsal at once, with its log.
         */
        <T> T await(CompletableFuture<T> step) throws Exception {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    return step.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!process.isAlive() && !step.isDone()) {
                        throw new AssertionError("the function exited (status " + process.exitValue() + ") before this step:\n" + log());
                    }
                }
            }
            throw new AssertionError("the function did not get there in " + PATIENCE + ":\n" + log());
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the function did not exit:\n" + log());
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
