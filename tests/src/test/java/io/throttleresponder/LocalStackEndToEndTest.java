package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxTables;
import io.throttleresponder.wiring.ResponderConfig;
import io.throttleresponder.wiring.ResponseMetrics;
import io.throttleresponder.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The responder end to end on LocalStack: real AWS APIs (DynamoDB, CloudWatch, SNS) behind the
 * endpoint override, the clients built by {@link AwsClients} and wired by {@link Wiring} exactly as
 * on Lambda, the handler run on the same sample event as the sandbox. What the in-process sandbox
 * cannot show is whether the production clients talk to a real endpoint correctly.
 *
 * <p>Runs only where a Docker engine and a LocalStack auth token exist (LocalStack's image needs
 * one); elsewhere it is skipped, naming what is missing. See docs/deploy.md, "LocalStack".
 */
class LocalStackEndToEndTest {

    /** Overridable to pin a version: -Dlocalstack.image=localstack/localstack:4.x */
    private static final String IMAGE = System.getProperty("localstack.image", "localstack/localstack:latest");
    private static final String TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
    private static final Path EVENTS = Path.of("..", "events");
    private static final String LEDGER_TABLE = "throttle-responder-ledger";
    private static final String ALARM_NAME = "throttle-responder-orders-WriteProvisionedThroughputThrottleEvents";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalStackContainer localstack;
    private final Map<String, String> savedProperties = new HashMap<>();

    @BeforeEach
    void startLocalStack() {
        String token = System.getenv(TOKEN_VARIABLE);
        List<String> missing = new ArrayList<>();
        if (token == null || token.isBlank()) {
            missing.add(TOKEN_VARIABLE + " is not set (the LocalStack image refuses to start without it)");
        }
        // Without a token the Docker probe is moot, and it logs an alarming error when there is no engine.
        if (missing.isEmpty() && !DockerClientFactory.instance().isDockerAvailable()) {
            missing.add("no Docker engine is reachable");
        }
        String reason = "LocalStack end-to-end test skipped: " + String.join("; ", missing);
        if (!missing.isEmpty()) {
            // Surefire keeps a skip's reason in its report only; say it where the build output shows it.
            System.out.println(reason);
        }
        assumeTrue(missing.isEmpty(), reason);

        localstack = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices(EnabledService.named("dynamodb"), EnabledService.named("cloudwatch"),
                        EnabledService.named("sns"), EnabledService.named("application-autoscaling"))
                .withEnv(TOKEN_VARIABLE, token)
                // Started with the container, not on first call: the responder's clients allow 5 s per attempt.
                .withEnv("EAGER_SERVICE_LOADING", "1");
        localstack.start();
        // AwsClients takes credentials from the default chain off Lambda; system properties come first in it.
        useCredentials(localstack.getAccessKey(), localstack.getSecretKey());
    }

    @AfterEach
    void stopLocalStack() {
        savedProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Test
    void provisionedWriteThrottleAlarm_raisesTheTablesWriteCapacity_throughTheLambdasOwnWiring() throws Exception {
        // Set-up goes through the production client factory too, pointed at the container.
        AwsClients clients = AwsClients.create(localstack.getRegion(), localstack.getEndpoint());
        DynamoDbClient dynamoDb = clients.dynamoDb();

        // The sandbox's own orders table (100 RCU / 50 WCU, GSI by-status), so both runs start alike.
        CreateTableRequest orders = SandboxTables.read(EVENTS.resolve("sandbox-tables.json")).stream()
                .map(SandboxTables.SandboxTable::createTable)
                .filter(table -> table.tableName().equals("orders"))
                .findFirst().orElseThrow();
        dynamoDb.createTable(orders);
        Sandbox.createLedgerTable(dynamoDb, LEDGER_TABLE);
        dynamoDb.waiter().waitUntilTableExists(r -> r.tableName("orders"));
        dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(LEDGER_TABLE));

        SnsClient sns = clients.sns();
        String alarmTopic = sns.createTopic(r -> r.name("throttle-responder-alarms")).topicArn();
        String notificationsTopic = sns.createTopic(r -> r.name("throttle-responder-notifications")).topicArn();
        // The alarm the sample event reports, as the stacks would create it.
        CloudWatchClient cloudWatch = clients.cloudWatch();
        cloudWatch.putMetricAlarm(r -> r.alarmName(ALARM_NAME)
                .namespace("AWS/DynamoDB")
                .metricName("WriteProvisionedThroughputThrottleEvents")
                .dimensions(d -> d.name("TableName").value("orders"))
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                .threshold(50.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData("notBreaching")
                .alarmActions(alarmTopic)
                .okActions(alarmTopic));

        // The function's environment as the stack sets it (docs/contracts.md), plus the endpoint override.
        Map<String, String> environment = Map.of(
                "RESPONDER_POLICY", "{\"tables\": {\"orders\": {}}}",
                "LEDGER_TABLE_NAME", LEDGER_TABLE,
                "NOTIFICATIONS_TOPIC_ARN", notificationsTopic,
                "AWS_REGION", localstack.getRegion(),
                // The sample event's account: the responder answers only its own account's alarms.
                "RESPONDER_ACCOUNT_ID", "123456789012",
                "AWS_ENDPOINT_URL", localstack.getEndpoint().toString());
        ResponderConfig config = ResponderConfig.fromEnvironment(environment);
        AlarmHandler handler = new AlarmHandler(
                Wiring.responder(config, AwsClients.create(config.region(), config.endpointOverride())).build(),
                ResponseMetrics.writingLinesTo(line -> { }));

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(EVENTS.resolve("sns-write-provisioned-orders.json"))),
                output, null);

        JsonNode response = JSON.readTree(output.toByteArray()).get(0);
        assertThat(response.get("incident").get("cause").asText()).isEqualTo("PROVISIONED");
        JsonNode update = null;
        for (JsonNode action : response.get("actions")) {
            if (action.get("type").asText().equals("UPDATE_PROVISIONED")) {
                update = action;
            }
        }
        assertThat(update).as("UPDATE_PROVISIONED in %s", response).isNotNull();
        assertThat(update.get("status").asText()).as("%s", update).isEqualTo("APPLIED");
        // Read back from LocalStack, not from the response: the change must really have been made.
        ProvisionedThroughputDescription capacity =
                dynamoDb.describeTable(r -> r.tableName("orders")).table().provisionedThroughput();
        assertThat(capacity.writeCapacityUnits()).isEqualTo(150L);
        assertThat(capacity.readCapacityUnits()).isEqualTo(100L);
    }

    private void useCredentials(String accessKey, String secretKey) {
        Map.of("aws.accessKeyId", accessKey, "aws.secretAccessKey", secretKey).forEach((key, value) -> {
            savedProperties.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
    }
}
