package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Parallel invocations against one DynamoDB Local: alarms of one table at once, and a storm over many
 * tables. No lost update, nothing changed twice for one incident, nothing past a cap, every
 * notification in the ledger.
 */
class ConcurrencyOnDynamoDbLocalTest {

    private static final int ITERATIONS = 15;

    /** Runs each event on its own handler and thread, all released at once; returns every response. */
    private static List<JsonNode> runAtOnce(SandboxFixture fixture, List<byte[]> events, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<JsonNode> responses = new ConcurrentLinkedQueue<>();
        List<Future<?>> runs = new ArrayList<>();
        List<AlarmHandler> handlers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            handlers.add(fixture.newHandler());
        }
        for (int i = 0; i < events.size(); i++) {
            byte[] event = events.get(i);
            AlarmHandler handler = handlers.get(i % threads);
            runs.add(pool.submit(() -> {
                start.await();
                synchronized (handler) {
                    responses.addAll(SandboxFixture.handle(handler, event));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return new ArrayList<>(responses);
    }

    /**
     * Runs follow-ups until the retries stop; returns the retries' results. It stops there: later, with no
     * OK and no throttle datapoint in the sandbox, the quiet watch would undo the raises this test counts.
     */
    private static List<FollowUpResult> settle(SandboxFixture fixture) {
        List<FollowUpResult> retries = new ArrayList<>();
        for (int round = 0; round < 30 && fixture.sandbox.sqs().sent().stream().anyMatch(m ->
                FollowUpMessage.read(m.messageBody()).followUp().kind() == FollowUp.Kind.RETRY); round++) {
            for (FollowUpResult result : fixture.runFollowUps()) {
                if (result.followUp().kind().name().equals("RETRY")) {
                    retries.add(result);
                }
            }
        }
        fixture.followUps.discardQueued();
        return retries;
    }

    /** How often each resource and dimension had its capacity changed, over responses and retries. */
    private static Map<String, Integer> appliedChanges(Collection<JsonNode> responses, Collection<FollowUpResult> retries) {
        Map<String, Integer> changes = new HashMap<>();
        for (JsonNode response : responses) {
            for (JsonNode action : response.get("actions")) {
                if (action.get("status").asText().equals("APPLIED") && action.get("type").asText().matches(
                        "UPDATE_PROVISIONED|RAISE_AUTOSCALING_MIN|RAISE_ON_DEMAND_MAX")) {
                    changes.merge(action.get("resource").asText() + " " + action.get("dimension").asText(), 1, Integer::sum);
                }
            }
        }
        for (FollowUpResult retry : retries) {
            for (Action action : retry.actions()) {
                if (action.status() == ActionStatus.APPLIED && action.type().changesCapacity()) {
                    changes.merge(action.resource() + " " + action.dimension(), 1, Integer::sum);
                }
            }
        }
        return changes;
    }

    private static byte[] event(String file) throws Exception {
        return Files.readAllBytes(SandboxFixture.EVENTS.resolve(file));
    }

    @Test
    void readWriteAndIndexAlarmsOfOneTableAtOnce_eachDimensionRaisedOnce_noLostUpdate() throws Exception {
        List<byte[]> events = List.of(
                event("sns-write-provisioned-orders.json"),
                event("eventbridge-write-provisioned-orders.json"),
                event("alarm-action-read-provisioned-orders.json"),
                event("sns-read-provisioned-orders-by-status.json"),
                event("sns-write-utilization-orders.json"),
                event("sns-read-utilization-orders-by-status.json"));
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            try (SandboxFixture fixture = SandboxFixture.withDefaultPolicy()) {
                List<JsonNode> responses = runAtOnce(fixture, events, events.size());
                List<FollowUpResult> retries = settle(fixture);

                String round = "iteration " + iteration;
                assertThat(fixture.capacity("table/orders").read()).as(round).isEqualTo(300);
                assertThat(fixture.capacity("table/orders").write()).as(round).isEqualTo(150);
                assertThat(fixture.capacity("table/orders/index/by-status").read()).as(round).isEqualTo(150);
                assertThat(fixture.capacity("table/orders/index/by-status").write()).as(round).isEqualTo(25);
                assertThat(appliedChanges(responses, retries)).as(round).containsOnly(
                        Map.entry("table/orders WRITE", 1), Map.entry("table/orders READ", 1),
                        Map.entry("table/orders/index/by-status READ", 1));
                assertThat(responses.stream().filter(r -> r.get("alarm").asText()
                        .equals("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents")))
                        .extracting(r -> r.get("outcome").asText()).as(round).containsExactlyInAnyOrder("ACTED", "IGNORED");
            }
        }
    }

    @Test
    void sameNotificationDeliveredEightTimesAtOnce_actsOnce() throws Exception {
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            try (SandboxFixture fixture = SandboxFixture.withDefaultPolicy()) {
                List<byte[]> copies = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    copies.add(event(i % 2 == 0 ? "sns-write-provisioned-orders.json" : "eventbridge-write-provisioned-orders.json"));
                }

                List<JsonNode> responses = runAtOnce(fixture, copies, 8);

                assertThat(responses).extracting(r -> r.get("outcome").asText())
                        .as("iteration " + iteration).containsOnlyOnce("ACTED");
                assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
                assertThat(fixture.sandbox.sns().published()).hasSize(1);
            }
        }
    }

    /**
     * 200 notifications over 50 tables, 16 at a time: for each table a write and a read throttle, a hot
     * partition, and the write throttle again by EventBridge. Half the tables cap writes at 120.
     */
    @Test
    void stormOf200NotificationsOver50Tables_everyOneInTheLedger_noDuplicateAction_noCapExceeded() throws Exception {
        int tables = 50;
        List<SandboxTables.SandboxTable> definitions = new ArrayList<>();
        StringBuilder policy = new StringBuilder("{\"tables\": {");
        for (int t = 0; t < tables; t++) {
            String name = String.format("storm-%02d", t);
            definitions.add(new SandboxTables.SandboxTable(CreateTableRequest.builder()
                    .tableName(name)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))
                    .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(50L))
                    .build(), List.of()));
            policy.append(t == 0 ? "" : ", ").append('"').append(name).append("\": ")
                    .append(t % 2 == 0 ? "{\"maxWriteCapacityUnits\": 120}" : "{}");
        }
        policy.append("}}");
        List<byte[]> events = new ArrayList<>();
        for (int t = 0; t < tables; t++) {
            String name = String.format("storm-%02d", t);
            for (String file : List.of("sns-write-provisioned-orders.json", "alarm-action-read-provisioned-orders.json",
                    "sns-write-key-range-orders.json", "eventbridge-write-provisioned-orders.json")) {
                events.add(new String(event(file), StandardCharsets.UTF_8).replace("orders", name).getBytes(StandardCharsets.UTF_8));
            }
        }

        try (SandboxFixture fixture = SandboxFixture.withTables(definitions, policy.toString())) {
            Instant started = Instant.now();
            List<JsonNode> responses = runAtOnce(fixture, events, 16);
            Duration handled = Duration.between(started, Instant.now());
            List<FollowUpResult> retries = settle(fixture);

            assertThat(responses).hasSize(200);
            assertThat(responses).extracting(r -> r.get("outcome").asText()).doesNotContain("REJECTED");
            assertThat(responses).allSatisfy(r -> assertThat(r.get("actions").findValuesAsText("status")).doesNotContain("FAILED"));
            Map<String, Integer> changes = appliedChanges(responses, retries);
            int recorded = 0;
            for (int t = 0; t < tables; t++) {
                String name = String.format("storm-%02d", t);
                assertThat(changes).as(name).containsEntry("table/" + name + " WRITE", 1).containsEntry("table/" + name + " READ", 1);
                Sandbox.Capacity capacity = fixture.capacity("table/" + name);
                assertThat(capacity.write()).as(name).isEqualTo(t % 2 == 0 ? 120 : 150);
                assertThat(capacity.read()).as(name).isEqualTo(300);
                int records = fixture.sandbox.dynamoDb().query(r -> r.tableName(Sandbox.LEDGER_TABLE)
                        .keyConditionExpression("pk = :pk")
                        // Retries of held-back changes are recorded too; here only the notifications count.
                        .filterExpression("NOT contains(#response, :retry)")
                        .expressionAttributeNames(Map.of("#response", "response"))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("EVENTS#" + name),
                                ":retry", AttributeValue.fromS("retry of a capacity change")))).count();
                assertThat(records).as(name + " notifications in the ledger").isEqualTo(4);
                recorded += records;
            }
            assertThat(changes.values()).allMatch(n -> n == 1);
            System.out.printf("storm: %d notifications over %d tables in %d ms (16 at a time); %d recorded in the ledger; "
                            + "%d capacity changes, %d of them by a delayed retry; %d duplicates ignored; max write %d (caps 120/40000)%n",
                    responses.size(), tables, handled.toMillis(), recorded, changes.size(),
                    retries.stream().mapToLong(r -> r.actions().stream().filter(a -> a.status() == ActionStatus.APPLIED
                            && a.type().changesCapacity()).count()).sum(),
                    responses.stream().filter(r -> r.path("reason").asText("").startsWith("duplicate")).count(),
                    fixture.sandbox.capacities().values().stream().mapToLong(Sandbox.Capacity::write).max().orElse(0));
        }
    }
}
