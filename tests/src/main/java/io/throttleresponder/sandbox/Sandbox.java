package io.throttleresponder.sandbox;

import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.followup.FollowUpResponder;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.SensorSettings;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.respond.ResponderBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * The AWS side of the responder on one machine with no account: DynamoDB Local in-process for the
 * tables and the ledger, in-memory stand-ins for what it lacks. The responder runs against it through
 * the same adapters it uses on Lambda.
 */
public final class Sandbox implements AutoCloseable {

    public static final String LEDGER_TABLE = "throttle-responder-ledger";
    /** The log group the sandbox keeps an application's client-sensor lines in. */
    public static final String APPLICATION_LOG_GROUP = "/aws/lambda/orders-api";

    /**
     * The account and Region the sandbox plays, which the responder takes for its own, and where its
     * clock starts.
     */
    public record Settings(String account, String region, Instant start) {
        public static final String DEFAULT_ACCOUNT = "123456789012";
        public static final String DEFAULT_REGION = "us-east-1";

        public static Settings defaults() {
            return new Settings(DEFAULT_ACCOUNT, DEFAULT_REGION, Instant.now());
        }
    }

    private final AmazonDynamoDBLocal embedded;
    private final SandboxDynamoDb dynamoDb;
    private final InMemoryAutoScaling autoScaling;
    private final InMemoryCloudWatch cloudWatch;
    private final Settings settings;
    private final SandboxClock clock;
    private final RecordingSns sns;
    private final Faults faults;
    private final RecordingSqs sqs;
    private final InMemoryLogs logs;
    private final List<String> tableNames;
    private final AwsAdapters adapters;

    private Sandbox(AmazonDynamoDBLocal embedded, List<SandboxTables.SandboxTable> tables, Path insights,
                    PrintStream notifications, Settings settings) {
        this.embedded = embedded;
        this.settings = settings;
        this.clock = new SandboxClock(settings.start());
        this.faults = new Faults(clock);
        this.sqs = new RecordingSqs(faults);
        this.cloudWatch = new InMemoryCloudWatch(insights, faults, clock);
        this.dynamoDb = new SandboxDynamoDb(embedded.dynamoDbClient(), faults, clock);
        this.autoScaling = new InMemoryAutoScaling(dynamoDb, faults);
        this.sns = new RecordingSns(notifications, faults);
        this.logs = new InMemoryLogs(clock);
        for (SandboxTables.SandboxTable table : tables) {
            dynamoDb.createTable(table.createTable());
            dynamoDb.replicas(table.createTable().tableName(), table.replicas());
            table.scalableTargets().forEach(autoScaling::put);
            table.scalingPolicies().forEach(autoScaling::put);
        }
        this.tableNames = tables.stream().map(t -> t.createTable().tableName()).toList();
        // CloudWatch derives the account's utilization from its provisioned tables, every 5 minutes.
        cloudWatch.gauge("AccountProvisionedReadCapacityUtilization", "Maximum", 300, () -> accountUtilization(true));
        cloudWatch.gauge("AccountProvisionedWriteCapacityUtilization", "Maximum", 300, () -> accountUtilization(false));
        createLedgerTable(dynamoDb, LEDGER_TABLE);
        this.adapters = AwsAdapters.builder()
                .dynamoDb(dynamoDb)
                .applicationAutoScaling(autoScaling)
                .cloudWatch(cloudWatch)
                .sns(sns)
                .sqs(sqs)
                .cloudWatchLogs(logs)
                .ledgerTableName(LEDGER_TABLE)
                .notificationsTopicArn(topicArn())
                .followUpQueueUrl(queueUrl())
                .clock(clock)
                .ownAccount(new OwnAccount(settings.account(), settings.region()))
                .build();
    }

    /** The provisioned units of every provisioned table and GSI, as a percentage of the account's quota. */
    private double accountUtilization(boolean read) {
        long held = 0;
        for (String name : tableNames) {
            TableDescription table = dynamoDb.describeTable(r -> r.tableName(name)).table();
            boolean onDemand = table.billingModeSummary() != null
                    && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
            if (!onDemand) {
                held += read ? table.provisionedThroughput().readCapacityUnits() : table.provisionedThroughput().writeCapacityUnits();
                for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
                    held += read ? gsi.provisionedThroughput().readCapacityUnits() : gsi.provisionedThroughput().writeCapacityUnits();
                }
            }
        }
        var limits = dynamoDb.describeLimits(r -> {});
        long quota = read ? limits.accountMaxReadCapacityUnits() : limits.accountMaxWriteCapacityUnits();
        return 100.0 * held / quota;
    }

    /** The ledger's table as the stack creates it (docs/contracts.md): pk and sk, on demand. */
    public static void createLedgerTable(DynamoDbClient dynamoDb, String name) {
        dynamoDb.createTable(r -> r.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }

    /**
     * @param insights the recorded insight rule reports; null for none
     * @param notifications where the e-mail rendering of each notification is printed; null for none
     */
    public static Sandbox start(List<SandboxTables.SandboxTable> tables, Path insights, PrintStream notifications) {
        return start(tables, insights, notifications, Settings.defaults());
    }

    public static Sandbox start(List<SandboxTables.SandboxTable> tables, Path insights, PrintStream notifications,
                                Settings settings) {
        // sqlite4java warns through java.util.logging that its jar has no version: noise, not news.
        Logger.getLogger("com.almworks.sqlite4java").setLevel(Level.SEVERE);
        // true: no telemetry from DynamoDB Local.
        return new Sandbox(DynamoDBEmbedded.create(true), tables, insights, notifications, settings);
    }

    /** The responder's notifications topic, in the sandbox's account and Region. */
    public String topicArn() {
        return "arn:aws:sns:%s:%s:throttle-responder-notifications".formatted(settings.region(), settings.account());
    }

    private String queueUrl() {
        return "https://sqs.%s.amazonaws.com/%s/throttle-responder-follow-ups".formatted(settings.region(), settings.account());
    }

    /** A responder wired to the sandbox through the production adapters; callers may still set clock or planOnly. */
    public ResponderBuilder responder(Policy policy) {
        return adapters.responder(policy);
    }

    /** The follow-up responder wired to the sandbox the same way. */
    public FollowUpResponder.Builder followUpResponder(Policy policy) {
        return adapters.followUpResponder(policy);
    }

    /** Every sandbox table watched with the default settings, and the client sensor's alarms answered. */
    public Policy defaultPolicy() {
        Map<String, TableSettings> watched = new LinkedHashMap<>();
        tableNames.forEach(t -> watched.put(t, TableSettings.DEFAULTS));
        return new Policy(false, false, TableSettings.DEFAULTS, watched).withSensor(SensorSettings.DEFAULTS);
    }

    /**
     * An application's client-sensor lines, written now to {@link #APPLICATION_LOG_GROUP}; {@code policy}
     * with that log group as its sensor's, so the responder's Logs Insights query reads them.
     */
    public Policy replayApplicationLines(Policy policy, List<String> lines) {
        logs.write(APPLICATION_LOG_GROUP, lines);
        String namespace = policy.sensorNamespace().orElse(SensorSettings.DEFAULTS.namespace());
        return policy.withSensor(new SensorSettings(namespace, List.of(APPLICATION_LOG_GROUP)));
    }

    /** CloudWatch Logs' stand-in: the lines written and the queries made. */
    public InMemoryLogs logs() {
        return logs;
    }

    /** Capacity of every table and index, read back from DynamoDB Local, keyed by resource ("table/NAME[/index/INDEX]"). */
    public Map<String, Capacity> capacities() {
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        for (String name : tableNames) {
            TableDescription table = dynamoDb.describeTable(r -> r.tableName(name)).table();
            boolean onDemand = table.billingModeSummary() != null
                    && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
            capacities.put("table/" + name, new Capacity(onDemand,
                    table.provisionedThroughput().readCapacityUnits(), table.provisionedThroughput().writeCapacityUnits(),
                    table.onDemandThroughput() == null ? null : table.onDemandThroughput().maxReadRequestUnits(),
                    table.onDemandThroughput() == null ? null : table.onDemandThroughput().maxWriteRequestUnits()));
            for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
                capacities.put("table/" + name + "/index/" + gsi.indexName(), new Capacity(onDemand,
                        gsi.provisionedThroughput().readCapacityUnits(), gsi.provisionedThroughput().writeCapacityUnits(),
                        gsi.onDemandThroughput() == null ? null : gsi.onDemandThroughput().maxReadRequestUnits(),
                        gsi.onDemandThroughput() == null ? null : gsi.onDemandThroughput().maxWriteRequestUnits()));
            }
        }
        return capacities;
    }

    /** Provisioned units, or for on-demand resources the maximum request units (null when none is set). */
    public record Capacity(boolean onDemand, Long read, Long write, Long maxRead, Long maxWrite) {
        @Override
        public String toString() {
            return onDemand
                    ? "on-demand max read " + (maxRead == null ? "none" : maxRead) + ", max write " + (maxWrite == null ? "none" : maxWrite)
                    : "read " + read + " RCU, write " + write + " WCU";
        }
    }

    public Settings settings() { return settings; }
    public SandboxDynamoDb dynamoDb() { return dynamoDb; }
    public InMemoryAutoScaling autoScaling() { return autoScaling; }
    public InMemoryCloudWatch cloudWatch() { return cloudWatch; }
    public RecordingSns sns() { return sns; }
    public RecordingSqs sqs() { return sqs; }
    public SandboxClock clock() { return clock; }
    public Faults faults() { return faults; }

    @Override
    public void close() {
        embedded.shutdown();
    }
}
