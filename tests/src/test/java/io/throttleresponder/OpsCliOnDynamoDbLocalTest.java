package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.ops.AwsConnection;
import io.throttleresponder.ops.OpsCli;
import io.throttleresponder.ops.OpsException;
import io.throttleresponder.sandbox.DynamoDbLocalServer;
import io.throttleresponder.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The operator CLI's commands on the sandbox's ledger (DynamoDB Local) and stand-ins: output and exit status. */
class OpsCliOnDynamoDbLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxFixture fixture = SandboxFixture.withDefaultPolicy();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private int ops(String... args) {
        out.reset();
        err.reset();
        Sandbox sandbox = fixture.sandbox;
        return OpsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                (target, notifier) -> AwsAdapters.operator(sandbox.defaultPolicy(), sandbox.dynamoDb(), sandbox.autoScaling(),
                        sandbox.cloudWatch(), Sandbox.LEDGER_TABLE, notifier, sandbox.clock()));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private JsonNode json() throws Exception {
        return JSON.readTree(output());
    }

    @Test
    void status_withNothingHeld_saysRunningAndNoIncident() {
        assertThat(ops("status")).isZero();

        assertThat(output()).contains("Responder: running", "Open incidents: none");
    }

    @Test
    void status_afterARaise_showsTheRaiseAgainstThePreIncidentValue_itsCooldown_andTheRecoveryDueAfterTheOk()
            throws Exception {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(10)));

        assertThat(ops("status", "--json")).isZero();

        JsonNode incident = json().get("incidents").get(0);
        assertThat(json().get("paused").isNull()).isTrue();
        assertThat(incident.get("resource").asText()).isEqualTo("table/orders");
        JsonNode change = incident.get("changes").get(0);
        assertThat(change.get("preIncidentValue").asLong()).isEqualTo(50);
        assertThat(change.get("value").asLong()).isEqualTo(150);
        assertThat(java.time.Instant.parse(change.get("cooldownUntil").asText()))
                .isEqualTo(java.time.Instant.parse(change.get("changedAt").asText()).plus(Duration.ofMinutes(15)));
        assertThat(incident.get("okAt").asText()).isEqualTo("2026-11-21T03:25:42.817Z");
        assertThat(incident.get("recoveryDue").asText()).isEqualTo("2026-11-21T03:55:42.817Z");
        assertThat(incident.get("contributorInsightsEnabledByResponder").asBoolean()).isTrue();
    }

    @Test
    void history_listsTheResponsesNewestFirst_readableAndJson() throws Exception {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.sandbox.clock().advance(Duration.ofMinutes(1));
        fixture.alarm("sns-read-provisioned-orders-by-status.json");

        assertThat(ops("history", "orders")).isZero();
        assertThat(output()).contains("orders  ACTED  throttle-responder-orders-WriteProvisionedThroughputThrottleEvents ALARM",
                "APPLIED UPDATE_PROVISIONED table/orders WRITE 50 -> 150");

        assertThat(ops("history", "--json", "--limit", "1")).isZero();
        String[] lines = output().strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(JSON.readTree(lines[0]).get("response").get("alarm").asText())
                .isEqualTo("throttle-responder-orders-by-status-ReadProvisionedThroughputThrottleEvents");
    }

    @Test
    void pause_thenAnAlarmChangesNothing_andResume_letsTheNextOneAct() {
        assertThat(ops("pause", "--by", "oncall", "--reason", "load test")).isZero();
        JsonNode paused = fixture.alarm("sns-write-provisioned-orders.json");
        assertThat(ops("status")).isZero();
        String status = output();

        assertThat(paused.get("outcome").asText()).isEqualTo("PLANNED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
        assertThat(status).contains("Responder: PAUSED, paused by oncall at").contains("(load test)");

        assertThat(ops("resume")).isZero();
        fixture.sandbox.clock().advance(Duration.ofMinutes(1));
        JsonNode acted = fixture.only("sns-write-provisioned-inventory.json");

        assertThat(acted.get("outcome").asText()).isEqualTo("ACTED");
    }

    @Test
    void undo_whileTheAlarmIsInAlarm_isRefusedWithTheReason_exitOne() {
        fixture.alarm("sns-write-provisioned-orders.json");

        assertThat(ops("undo", "orders")).isEqualTo(1);

        assertThat(output()).contains("recovery cancelled: still in ALARM: throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void undo_afterTheOk_restoresNow_andPrintsTheResolvedMessage() throws Exception {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(10)));

        assertThat(ops("undo", "orders", "--json")).isZero();

        assertThat(json().get("undone").asBoolean()).isTrue();
        assertThat(json().get("messages").get(0).get("subject").asText()).contains("Resolved: table/orders");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
    }

    @Test
    void undo_withoutAKnownNotificationsTopic_restores_andSaysPlainlyTheMessageWasNotPublished() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(10)));

        assertThat(ops("undo", "table/orders")).isZero();

        assertThat(output()).contains("Message (NOT published: incident resolved message to the notifications topic; failed:"
                + " not published: this connection knows no notifications topic)");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
    }

    @Test
    void undo_andHistory_takeTheResourceAsStatusPrintsIt_andTheRestoreIsAnEventInHistory() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(10)));
        assertThat(ops("undo", "table/orders")).isZero();

        assertThat(ops("history", "table/orders/index/by-status", "--limit", "1")).isZero();

        assertThat(output()).contains("  orders  ACTED  undo by an operator").contains("APPLIED RESTORE_PROVISIONED table/orders WRITE 150 -> 50")
                .doesNotContain("table/orders/index");
        assertThat(ops("undo", "table/orders/index/by-status", "--index", "other")).isEqualTo(2);
    }

    @Test
    void undo_ofAResourceWithNothingToUndo_isRefused() {
        assertThat(ops("undo", "orders", "--index", "by-status")).isEqualTo(1);

        assertThat(output()).contains("nothing of the responder's is left to undo on table/orders/index/by-status");
    }

    @Test
    void undo_ofATableTheResponderNeverAnswered_saysTheLedgerHoldsNothingOfIt() {
        assertThat(ops("undo", "no-such-table")).isEqualTo(1);

        assertThat(output()).contains("table/no-such-table: IGNORED (nothing of the responder's is left to undo on"
                + " table/no-such-table: the ledger holds no response for table no-such-table in the last 30 days: check"
                + " the table's name and the Region");
    }

    @Test
    void undo_twice_theSecondSaysWhatWasChangedIsBackAlready() {
        fixture.alarm("sns-write-provisioned-orders.json");
        fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(10)));
        assertThat(ops("undo", "orders")).isZero();

        assertThat(ops("undo", "orders")).isEqualTo(1);

        assertThat(output()).contains("nothing of the responder's is left to undo on table/orders: it holds no raise and no"
                        + " Contributor Insights there; what it changed, if anything, was put back by its recovery or an earlier"
                        + " undo (its last response for table orders: ACTED at ")
                .contains("; history orders lists them)");
    }

    @Test
    void wrongLedgerTable_isAUsageErrorNamingIt_throughTheAwsConnection() {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(); LocalCredentials credentials = LocalCredentials.set()) {
            Sandbox.createLedgerTable(server.client(Region.US_EAST_1), "team-ledger");
            String[] common = {"--endpoint-url", server.uri().toString(), "--region", "us-east-1", "--ledger-table"};

            int exit = OpsCli.run(concat(common, "no-such-ledger", "status"), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new AwsConnection());

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("throttle-responder-ops: no ledger table no-such-ledger"
                    + " in us-east-1: check --ledger-table (the stack's output LedgerTableName) and --region, or leave"
                    + " --ledger-table out to find the deployment's by its name\n");
            out.reset();
            assertThat(OpsCli.run(concat(common, "team-ledger", "status"), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new AwsConnection())).isZero();
            assertThat(output()).contains("Responder: running");
        }
    }

    private static String[] concat(String[] first, String... rest) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(rest))
                .toArray(String[]::new);
    }

    @Test
    void usageErrors_exitTwo_andHelpExitsZero() {
        assertThat(ops("undo")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'TABLE'");
        assertThat(ops("history", "--limit", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--limit must be at least 1, was 0");
        assertThat(ops()).isEqualTo(2);
        assertThat(ops("--help")).isZero();
        assertThat(ops("undo", "--help")).isZero();
    }

    @Test
    void ledgerTable_isFoundByTheDeploymentName_orTheErrorSaysWhatToCheck() {
        var dynamoDb = fixture.sandbox.dynamoDb();
        Sandbox.createLedgerTable(dynamoDb, "throttle-responder-Ledger7C2B5F4A-1A2B3C4D5E6F");

        assertThat(AwsConnection.ledgerTable(dynamoDb, "throttle-responder", "us-east-1"))
                .isEqualTo("throttle-responder-Ledger7C2B5F4A-1A2B3C4D5E6F");
        assertThatThrownBy(() -> AwsConnection.ledgerTable(dynamoDb, "team-b", "us-east-1"))
                .isInstanceOf(OpsException.class)
                .hasMessage("no deployment team-b in us-east-1: no table named team-b-Ledger*; check --deployment and --region,"
                        + " or pass --ledger-table");
    }
}
