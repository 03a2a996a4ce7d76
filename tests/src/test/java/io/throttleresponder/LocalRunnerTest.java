package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import io.throttleresponder.sandbox.DynamoDbLocalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The runner's contract: JSON lines on stdout and nothing else there, and its exit codes. */
class LocalRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = SandboxFixture.EVENTS;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--tables", EVENTS.resolve("sandbox-tables.json").toString(),
                "--insights", EVENTS.resolve("insights").toString()));
        all.addAll(List.of(args));
        return LocalRunner.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> jsonLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void json_everySampleEvent_oneObjectEach_withTheDocumentedFields_exitZero() throws Exception {
        List<String> files;
        try (Stream<Path> list = Files.list(EVENTS)) {
            files = list.map(Path::toString).filter(f -> f.endsWith(".json") && !f.endsWith("sandbox-tables.json"))
                    .sorted().toList();
        }
        List<String> args = new ArrayList<>(List.of("--json"));
        args.addAll(files);

        int exit = run(args.toArray(String[]::new));

        List<JsonNode> lines = jsonLines();
        assertThat(exit).isZero();
        assertThat(lines).hasSize(files.size());
        for (JsonNode line : lines) {
            assertThat(line.fieldNames()).toIterable()
                    .contains("source", "delivery", "alarm", "state", "outcome", "reason", "incident", "actions");
            assertThat(line.get("outcome").asText()).isIn("ACTED", "PLANNED", "IGNORED");
            if (line.get("outcome").asText().equals("IGNORED")) {
                assertThat(line.get("reason").asText()).isNotBlank();
            }
            for (JsonNode action : line.get("actions")) {
                assertThat(action.fieldNames()).toIterable()
                        .containsExactly("type", "resource", "dimension", "from", "to", "status", "reason");
                assertThat(action.get("resource").asText()).matches("table/[^/]+(/index/[^/]+)?");
            }
        }
        assertThat(lines.stream().map(l -> l.get("delivery").asText()).distinct())
                .containsExactlyInAnyOrder("SNS", "EVENTBRIDGE", "ALARM_ACTION");
    }

    @Test
    void json_fileThatIsNotJson_isOneRejectedObject_exitOne(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "this is not an event");

        int exit = run("--json", garbage.toString(), EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        List<JsonNode> lines = jsonLines();
        assertThat(exit).isEqualTo(1);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(lines.get(0).get("reason").asText()).startsWith("event is not JSON");
        assertThat(lines.get(1).get("outcome").asText()).isEqualTo("ACTED");
    }

    @Test
    void missingFile_isAUsageError_exitTwo_beforeTheSandboxStarts() {
        int exit = run("--json", EVENTS.resolve("sns-write-provisioned-orders.json").toString(), "no-such-file.json");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("no such event file: no-such-file.json")
                .doesNotContain("Capacity before");
    }

    @Test
    void help_printsTheUsageOnStandardOutput_exitZero() {
        assertThat(run("--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar tests/target/responder-local.jar")
                .contains("--show-chat");
    }

    @Test
    void sandboxTablesAmongTheEvents_areSkippedWithANote() throws Exception {
        int exit = run("--json", EVENTS.resolve("sandbox-tables.json").toString(),
                EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(exit).isZero();
        assertThat(jsonLines()).singleElement().satisfies(l -> assertThat(l.get("outcome").asText()).isEqualTo("ACTED"));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sandbox-tables.json: skipped: the sandbox tables");
    }

    @Test
    void deploymentConfiguration_isAcceptedAsConfig_andTheRunnerSaysWhichItRead() throws Exception {
        int exit = run("--json", "--config", Path.of("..", "throttle-responder.config.json").toString(),
                EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("read as the deployment configuration");
        // The example configuration starts in dry run.
        assertThat(jsonLines().get(0).get("outcome").asText()).isEqualTo("PLANNED");
    }

    @Test
    void showChat_printsEachMessagesChatForm() {
        run("--show-chat", EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("---- chat message (Amazon Q Developer custom notification):",
                "\"threadId\" : \"table/orders@2026-11-21T03:15:42.817Z\"");
    }

    @Test
    void handlerFailure_isRejectedNamingTheAlarmItWasAbout() throws Exception {
        try (SandboxFixture fixture = SandboxFixture.withDefaultPolicy()) {
            fixture.sandbox.faults().fail("DescribeTable", "orders", 1, () -> new IllegalStateException("DescribeTable down"));

            List<com.fasterxml.jackson.databind.node.ObjectNode> results = LocalRunner.handle(fixture.newHandler(),
                    Files.readAllBytes(EVENTS.resolve("sns-write-provisioned-orders.json")), "the sample");

            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.get("outcome").asText()).isEqualTo("REJECTED");
                assertThat(r.get("alarm").asText()).isEqualTo("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
                assertThat(r.get("reason").asText()).contains("DescribeTable down");
            });
        }
    }

    @Test
    void readableOutput_showsActionsAndCapacityBeforeAndAfter() {
        int exit = run(EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed).contains("APPLIED  UPDATE_PROVISIONED", "table/orders WRITE 50 -> 150",
                "read 100 RCU, write 50 WCU", "-> read 100 RCU, write 150 WCU");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("---- notification: [P2] orders: raised WCU 50 -> 150");
    }

    @Test
    void plainRun_takesItsClockFromTheEvent_soTheHotKeySummaryWindowIsTheIncidents() {
        // The sample alarm went to ALARM at 03:15:42.817Z; its summary is due 5 minutes later and reads from 5 minutes before.
        int exit = run(EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("throttled requests from 2026-11-21T03:10:42.817Z to 2026-11-21T03:20:42.817Z (10 min)")
                .doesNotContainPattern("\\(\\d{3,} min\\)");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("DynamoDBContributorInsights-PKT-orders-"
                + java.time.Instant.parse("2026-11-21T03:15:42.817Z").toEpochMilli());
    }

    @Test
    void plainRun_anEventOlderThanTheClock_runsAtTheClocksTime_withANote() {
        // The inventory alarm is of 2026-11-24, the orders alarm of 2026-11-21.
        int exit = run(EVENTS.resolve("sns-write-provisioned-inventory.json").toString(),
                EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sns-write-provisioned-orders.json: its alarm"
                + " (2026-11-21T03:15:42.817Z) is older than the sandbox clock (2026-11-24T");
    }

    @Test
    void configFile_replacesTheDefaultPolicy(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"), "{\"dryRun\": true, \"tables\": {\"orders\": {}}}");

        int exit = run("--json", "--config", policy.toString(), EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(exit).isZero();
        assertThat(jsonLines().get(0).get("outcome").asText()).isEqualTo("PLANNED");
    }

    @Test
    void alarmThenOk_showsTheHotKeySummary_andTheTableBackAtItsCapacity() throws Exception {
        int exit = run("--json", EVENTS.resolve("sns-write-provisioned-orders.json").toString(),
                EVENTS.resolve("sns-ok-write-provisioned-orders.json").toString());

        List<JsonNode> lines = jsonLines();
        assertThat(exit).isZero();
        JsonNode alarm = lines.get(0);
        assertThat(alarm.get("summaries")).isNotEmpty();
        JsonNode summary = alarm.get("summaries").get(0);
        assertThat(summary.fieldNames()).toIterable().containsExactly("resource", "rule", "topKeys", "recommendation");
        assertThat(summary.get("topKeys").get(0).get("key").asText()).isEqualTo("customer#1042");
        assertThat(summary.get("topKeys").get(0).get("share").asDouble()).isBetween(0.86, 0.87);
        JsonNode ok = lines.get(1);
        assertThat(ok.get("actions").findValuesAsText("type"))
                .contains("SCHEDULE_RECOVERY", "RESTORE_PROVISIONED", "DISABLE_CONTRIBUTOR_INSIGHTS");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("read 100 RCU, write 50 WCU  (unchanged)");
    }

    @Test
    void usageErrors_exitTwo(@TempDir Path dir) throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--bogus", "x.json")).isEqualTo(2);
        assertThat(run("--apply", "x.json")).isEqualTo(2);
        String sample = EVENTS.resolve("sns-write-provisioned-orders.json").toString();
        assertThat(run("--insights", dir.resolve("missing").toString(), sample)).isEqualTo(2);
        Path badPolicy = Files.writeString(dir.resolve("policy.json"), "{\"tables\": {\"orders\": {\"scaleFactor\": 0.5}}}");
        assertThat(run("--config", badPolicy.toString(), sample)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tables.orders.scaleFactor");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void accountAndRegion_areTheSandboxsOwn_andAnotherAccountsAlarmIsIgnoredNamingIt() throws Exception {
        int exit = run("--json", "--account", "210987654321", "--region", "eu-west-1",
                EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        JsonNode line = jsonLines().get(0);
        assertThat(exit).isZero();
        assertThat(line.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(line.get("reason").asText()).contains("account 123456789012").contains("210987654321");
    }

    @Test
    void badAccountOrRegion_isAUsageError() {
        assertThat(run("--account", "12", EVENTS.resolve("sns-write-provisioned-orders.json").toString()))
                .isEqualTo(LocalRunner.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--account must be 12 digits");
        assertThat(run("--region", "Ireland", EVENTS.resolve("sns-write-provisioned-orders.json").toString()))
                .isEqualTo(LocalRunner.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--region must be a Region code");
    }

    @Test
    void sensorLines_areReplayedAsTheLogsInsightsAnswer_ofTheFirstIncidentMessage(@TempDir Path dir) throws Exception {
        Path lines = Files.writeString(dir.resolve("orders-api.log"), String.join("\n",
                "{\"throttleSensor\":\"throttled\",\"operation\":\"PutItem\",\"table\":\"orders\","
                        + "\"reason\":\"TableWriteProvisionedThroughputExceeded\",\"partitionKey\":\"customer#1042\",\"sortKey\":\"order#1\"}",
                "{\"throttleSensor\":\"throttled\",\"operation\":\"PutItem\",\"table\":\"orders\","
                        + "\"reason\":\"TableWriteProvisionedThroughputExceeded\",\"partitionKey\":\"customer#1042\",\"sortKey\":\"order#2\"}",
                "{\"throttleSensor\":\"throttled\",\"operation\":\"PutItem\",\"table\":\"orders\","
                        + "\"reason\":\"TableWriteProvisionedThroughputExceeded\",\"partitionKey\":\"customer#7\",\"sortKey\":\"order#3\"}",
                "not a sensor line"));

        int exit = run("--sensor-lines", lines.toString(), EVENTS.resolve("sns-sensor-write-provisioned-orders.json").toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "Hot keys from the applications' throttled calls (client sensor, Logs Insights, last 5 min), 3 throttled calls:\n"
                        + "  - customer#1042: 2 (67%)\n  - customer#7: 1 (33%)");
    }

    /** A run with --aws in the given environment, STS answering as {@code sts} does; the event needs no other AWS call. */
    private int runOnAws(Map<String, String> environment, StsClient sts, String... args) {
        List<String> all = new ArrayList<>(List.of("--aws", "--region", "us-east-1"));
        all.addAll(List.of(args));
        // The example configuration does not watch `inventory`: the responder ignores its alarm before calling AWS.
        all.add(EVENTS.resolve("sns-write-provisioned-inventory.json").toString());
        return LocalRunner.run(all.toArray(String[]::new), new LocalRunner.AwsAccess(environment, clients -> sts),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** STS as GetCallerIdentity answers for {@code account}; every other call throws, as the interface's defaults do. */
    private static StsClient stsOf(String account, AtomicInteger calls) {
        return new StsClient() {
            @Override
            public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
                calls.incrementAndGet();
                return GetCallerIdentityResponse.builder().account(account).userId("AIDAEXAMPLE")
                        .arn("arn:aws:iam::" + account + ":user/oncall").build();
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void aws_withTheDeploymentConfiguration_generatesThePolicyAsTheStackDoes() throws Exception {
        AtomicInteger stsCalls = new AtomicInteger();

        int exit = runOnAws(Map.of(), stsOf("123456789012", stsCalls), "--json", "--account", "123456789012",
                "--config", Path.of("..", "throttle-responder.config.json").toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("read as the deployment configuration")
                .doesNotContain("RESPONDER_POLICY is not valid JSON");
        assertThat(jsonLines()).singleElement().satisfies(line -> {
            assertThat(line.get("outcome").asText()).isEqualTo("IGNORED");
            assertThat(line.get("reason").asText()).isEqualTo("table inventory is not watched by the policy");
        });
        assertThat(stsCalls).hasValue(0);
    }

    @Test
    void aws_withAPolicyDocument_readsItAsItIs(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"), "{\"tables\": {\"inventory\": {\"scaleFactor\": 0.5}}}");

        int exit = runOnAws(Map.of(), stsOf("123456789012", new AtomicInteger()), "--account", "123456789012",
                "--config", policy.toString());

        assertThat(exit).isEqualTo(LocalRunner.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("read as the responder's policy document",
                policy + ": tables.inventory.scaleFactor");
    }

    @Test
    void aws_withoutAccount_answersForTheCredentialsAccount_askedOfSts() throws Exception {
        AtomicInteger stsCalls = new AtomicInteger();

        int exit = runOnAws(Map.of(), stsOf("210987654321", stsCalls), "--json",
                "--config", Path.of("..", "throttle-responder.config.json").toString());

        assertThat(exit).isZero();
        assertThat(stsCalls).hasValue(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--aws: answering for account 210987654321, the credentials' (STS GetCallerIdentity)");
        // The sample alarm is account 123456789012's: for the credentials' account it is another account's.
        assertThat(jsonLines().get(0).get("reason").asText()).contains("210987654321").contains("123456789012");
    }

    @Test
    void aws_withResponderAccountIdSet_asksStsNothing() throws Exception {
        AtomicInteger stsCalls = new AtomicInteger();

        int exit = runOnAws(Map.of("RESPONDER_ACCOUNT_ID", "123456789012"), stsOf("210987654321", stsCalls), "--json",
                "--config", Path.of("..", "throttle-responder.config.json").toString());

        assertThat(exit).isZero();
        assertThat(stsCalls).hasValue(0);
        assertThat(jsonLines().get(0).get("reason").asText()).isEqualTo("table inventory is not watched by the policy");
    }

    @Test
    void aws_whenStsCannotTellTheAccount_isAUsageErrorSayingWhatToPass() {
        StsClient noCredentials = new StsClient() {
            @Override
            public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
                throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {}
        };

        int exit = runOnAws(Map.of(), noCredentials, "--config", Path.of("..", "throttle-responder.config.json").toString());

        assertThat(exit).isEqualTo(LocalRunner.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--aws: cannot tell the credentials' account"
                + " (STS GetCallerIdentity: no AWS credentials: set AWS_PROFILE", "pass --account ID or set RESPONDER_ACCOUNT_ID");
    }

    @Test
    void aws_apply_withAWrongLedgerTable_isAUsageErrorNamingIt() {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(); LocalCredentials credentials = LocalCredentials.set()) {
            Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", server.uri().toString(),
                    "LEDGER_TABLE_NAME", "no-such-ledger", "NOTIFICATIONS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:notify");

            int exit = runOnAws(environment, stsOf("123456789012", new AtomicInteger()), "--apply", "--account", "123456789012",
                    "--config", Path.of("..", "throttle-responder.config.json").toString());

            assertThat(exit).isEqualTo(LocalRunner.USAGE);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("LEDGER_TABLE_NAME no-such-ledger: no such table in"
                    + " us-east-1 (the stack's output LedgerTableName names the deployment's ledger)");
        }
    }

    @Test
    void sensorLines_withAws_isAUsageError() {
        int exit = run("--aws", "--sensor-lines", "lines.log", EVENTS.resolve("sns-write-provisioned-orders.json").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--sensor-lines replays into the sandbox's CloudWatch Logs");
    }
}
