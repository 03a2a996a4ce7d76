package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;
import software.amazon.awssdk.services.dynamodb.model.ReplicaStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** The DynamoDB stand-in over DynamoDB Local, each test on its own tables and its own clock. */
class SandboxDynamoDbTest {

    private static final Instant NINE_AM = Instant.parse("2026-11-27T09:00:00Z");
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static AmazonDynamoDBLocal embedded;

    private final SandboxClock clock = new SandboxClock(NINE_AM);
    private final Faults faults = new Faults(clock);
    private SandboxDynamoDb dynamoDb;

    @BeforeAll
    static void startDynamoDbLocal() {
        Logger.getLogger("com.almworks.sqlite4java").setLevel(Level.SEVERE);
        embedded = DynamoDBEmbedded.create(true);
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        embedded.shutdown();
    }

    private SandboxDynamoDb dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = new SandboxDynamoDb(embedded.dynamoDbClient(), faults, clock);
        }
        return dynamoDb;
    }

    /** A provisioned table, 100/100, with GSI "by-status", 50/50. */
    private String provisionedTable() {
        String name = "provisioned-" + TABLES.incrementAndGet();
        dynamoDb().createTable(r -> r.tableName(name).billingMode(BillingMode.PROVISIONED)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(100L))
                .globalSecondaryIndexes(g -> g.indexName("by-status")
                        .keySchema(k -> k.attributeName("status").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .provisionedThroughput(p -> p.readCapacityUnits(50L).writeCapacityUnits(50L))));
        return name;
    }

    /** An on-demand table, maxima 1000 read / no limit write, with GSI "by-status", 300 read / no limit write. */
    private String onDemandTable() {
        String name = "on-demand-" + TABLES.incrementAndGet();
        dynamoDb().createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .onDemandThroughput(o -> o.maxReadRequestUnits(1000L).maxWriteRequestUnits(-1L))
                .globalSecondaryIndexes(g -> g.indexName("by-status")
                        .keySchema(k -> k.attributeName("status").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .onDemandThroughput(o -> o.maxReadRequestUnits(300L).maxWriteRequestUnits(-1L))));
        return name;
    }

    private void setTable(String table, long read, long write) {
        dynamoDb().updateTable(r -> r.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(read).writeCapacityUnits(write)));
    }

    private void setIndex(String table, long read, long write) {
        dynamoDb().updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(u -> u.update(g -> g
                .indexName("by-status").provisionedThroughput(p -> p.readCapacityUnits(read).writeCapacityUnits(write)))));
    }

    private TableDescription describe(String table) {
        return dynamoDb().describeTable(r -> r.tableName(table)).table();
    }

    private static GlobalSecondaryIndexDescription index(TableDescription table) {
        return table.globalSecondaryIndexes().get(0);
    }

    /** Four decreases of the table's read capacity, a minute apart, starting now. */
    private void fourTableDecreases(String table) {
        for (long read = 90; read > 50; read -= 10) {
            setTable(table, read, 100);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void fifthDecreaseWithinTheHour_failsWithLimitExceeded_namingTheResourceAndWhenTheNextIsAllowed() {
        String table = provisionedTable();
        fourTableDecreases(table);
        Instant fourth = NINE_AM.plus(Duration.ofMinutes(3));

        LimitExceededException refused = catchThrowableOfType(() -> setTable(table, 40, 100), LimitExceededException.class);

        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("Subscriber limit exceeded", "table/" + table,
                "Next decrease can be made at " + fourth.plus(Duration.ofHours(1)));
        assertThat(describe(table).provisionedThroughput().readCapacityUnits()).isEqualTo(60);
        assertThat(describe(table).provisionedThroughput().numberOfDecreasesToday()).isEqualTo(4);

        clock.advanceTo(fourth.plus(Duration.ofHours(1)));
        setTable(table, 40, 100);
        assertThat(describe(table).provisionedThroughput().readCapacityUnits()).isEqualTo(40);
    }

    @Test
    void decreasesOfTheTableAndOfItsIndex_areCountedSeparately() {
        String table = provisionedTable();
        fourTableDecreases(table);

        for (long read = 45; read > 25; read -= 5) {
            setIndex(table, read, 50);
        }
        LimitExceededException refused = catchThrowableOfType(() -> setIndex(table, 20, 50), LimitExceededException.class);

        assertThat(refused.getMessage()).contains("table/" + table + "/index/by-status");
        TableDescription described = describe(table);
        assertThat(described.provisionedThroughput().numberOfDecreasesToday()).isEqualTo(4);
        assertThat(index(described).provisionedThroughput().numberOfDecreasesToday()).isEqualTo(4);
        assertThat(index(described).provisionedThroughput().readCapacityUnits()).isEqualTo(30);
    }

    @Test
    void loweringReadAndWriteInOneCall_isOneDecrease() {
        String table = provisionedTable();

        setTable(table, 80, 80);

        assertThat(describe(table).provisionedThroughput().numberOfDecreasesToday()).isEqualTo(1);
    }

    @Test
    void describeTable_reportsDecreasesAndIncreasesOfTableAndIndex_onTheSandboxClock() {
        String table = provisionedTable();
        TableDescription fresh = describe(table);
        assertThat(fresh.provisionedThroughput().numberOfDecreasesToday()).isZero();
        assertThat(fresh.provisionedThroughput().lastDecreaseDateTime()).isNull();
        assertThat(fresh.provisionedThroughput().lastIncreaseDateTime()).isNull();

        setTable(table, 200, 100);
        clock.advance(Duration.ofMinutes(5));
        setTable(table, 150, 100);
        clock.advance(Duration.ofMinutes(5));
        setIndex(table, 40, 50);
        clock.advance(Duration.ofMinutes(5));
        setIndex(table, 40, 70);
        clock.advance(Duration.ofMinutes(5));

        ProvisionedThroughputDescription tableThroughput = describe(table).provisionedThroughput();
        ProvisionedThroughputDescription indexThroughput = index(describe(table)).provisionedThroughput();
        assertThat(tableThroughput.numberOfDecreasesToday()).isEqualTo(1);
        assertThat(tableThroughput.lastIncreaseDateTime()).isEqualTo(NINE_AM);
        assertThat(tableThroughput.lastDecreaseDateTime()).isEqualTo(NINE_AM.plus(Duration.ofMinutes(5)));
        assertThat(indexThroughput.numberOfDecreasesToday()).isEqualTo(1);
        assertThat(indexThroughput.lastDecreaseDateTime()).isEqualTo(NINE_AM.plus(Duration.ofMinutes(10)));
        assertThat(indexThroughput.lastIncreaseDateTime()).isEqualTo(NINE_AM.plus(Duration.ofMinutes(15)));
    }

    @Test
    void raisingOneDimensionAndLoweringTheOther_isADecreaseAndAnIncrease() {
        String table = provisionedTable();

        setTable(table, 200, 50);

        ProvisionedThroughputDescription throughput = describe(table).provisionedThroughput();
        assertThat(throughput.numberOfDecreasesToday()).isEqualTo(1);
        assertThat(throughput.lastDecreaseDateTime()).isEqualTo(NINE_AM);
        assertThat(throughput.lastIncreaseDateTime()).isEqualTo(NINE_AM);
    }

    @Test
    void theDecreaseCountResetsAtUtcMidnight_theLastDecreaseTimeStays() {
        String table = provisionedTable();
        fourTableDecreases(table);
        assertThatThrownBy(() -> setTable(table, 40, 100)).isInstanceOf(LimitExceededException.class);

        clock.advanceTo(Instant.parse("2026-11-28T00:00:00Z"));

        ProvisionedThroughputDescription nextDay = describe(table).provisionedThroughput();
        assertThat(nextDay.numberOfDecreasesToday()).isZero();
        assertThat(nextDay.lastDecreaseDateTime()).isEqualTo(NINE_AM.plus(Duration.ofMinutes(3)));
        setTable(table, 40, 100);
        assertThat(describe(table).provisionedThroughput().numberOfDecreasesToday()).isEqualTo(1);
    }

    @Test
    void busyFor_reportsUpdatingAndRefusesUpdateTable_untilTheClockReachesItsEnd() {
        String table = provisionedTable();
        faults.busyFor(table, Duration.ofSeconds(45));

        clock.advance(Duration.ofSeconds(44));
        assertThat(describe(table).tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThatThrownBy(() -> setTable(table, 200, 100)).isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("Table is being updated");

        clock.advance(Duration.ofSeconds(1));
        assertThat(describe(table).tableStatus()).isEqualTo(TableStatus.ACTIVE);
        setTable(table, 200, 100);
        assertThat(describe(table).provisionedThroughput().readCapacityUnits()).isEqualTo(200);
    }

    @Test
    void busy_lastsUntilIdle_howeverFarTheClockMoves() {
        String table = provisionedTable();
        faults.busy(table);

        clock.advance(Duration.ofDays(2));
        assertThat(describe(table).tableStatus()).isEqualTo(TableStatus.UPDATING);

        faults.idle(table);
        assertThat(describe(table).tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    @Test
    void onDemandMaxima_includingNoLimit_areReportedForTableAndIndex_andSurviveOtherUpdates() {
        String table = onDemandTable();

        dynamoDb().updateTable(r -> r.tableName(table).deletionProtectionEnabled(false));
        dynamoDb().updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(u -> u.update(g -> g
                .indexName("by-status").onDemandThroughput(o -> o.maxReadRequestUnits(600L)))));

        TableDescription described = describe(table);
        assertThat(described.onDemandThroughput())
                .isEqualTo(OnDemandThroughput.builder().maxReadRequestUnits(1000L).maxWriteRequestUnits(-1L).build());
        assertThat(index(described).onDemandThroughput())
                .isEqualTo(OnDemandThroughput.builder().maxReadRequestUnits(600L).maxWriteRequestUnits(-1L).build());
    }

    @Test
    void raisingOneTableMaximum_keepsTheOther() {
        String table = onDemandTable();

        dynamoDb().updateTable(r -> r.tableName(table).onDemandThroughput(o -> o.maxReadRequestUnits(4000L)));
        dynamoDb().updateTable(r -> r.tableName(table).onDemandThroughput(o -> o.maxWriteRequestUnits(2500L)));

        assertThat(describe(table).onDemandThroughput())
                .isEqualTo(OnDemandThroughput.builder().maxReadRequestUnits(4000L).maxWriteRequestUnits(2500L).build());
        assertThat(index(describe(table)).onDemandThroughput())
                .isEqualTo(OnDemandThroughput.builder().maxReadRequestUnits(300L).maxWriteRequestUnits(-1L).build());
    }

    @Test
    void replicas_areReportedAsGiven_withTheGlobalTableVersion_andSurviveUpdateTable() {
        String table = onDemandTable();
        List<ReplicaDescription> replicas = List.of(
                ReplicaDescription.builder().regionName("us-east-1").replicaStatus(ReplicaStatus.ACTIVE).build(),
                ReplicaDescription.builder().regionName("eu-west-1").replicaStatus(ReplicaStatus.ACTIVE)
                        .onDemandThroughputOverride(o -> o.maxReadRequestUnits(1000L)).build());
        dynamoDb().replicas(table, replicas);

        dynamoDb().updateTable(r -> r.tableName(table).onDemandThroughput(o -> o.maxReadRequestUnits(2000L)));

        TableDescription described = describe(table);
        assertThat(described.replicas()).isEqualTo(replicas);
        assertThat(described.globalTableVersion()).isEqualTo("2019.11.21");
        assertThat(describe(provisionedTable()).hasReplicas()).isFalse();
    }

    @Test
    void contributorInsightsRules_carryTheSandboxClocksTime() {
        String table = provisionedTable();

        dynamoDb().updateContributorInsights(r -> r.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(ContributorInsightsMode.THROTTLED_KEYS));

        var described = dynamoDb().describeContributorInsights(r -> r.tableName(table));
        assertThat(described.contributorInsightsRuleList())
                .containsExactly("DynamoDBContributorInsights-PKT-" + table + "-" + NINE_AM.toEpochMilli());
        assertThat(described.lastUpdateDateTime()).isEqualTo(NINE_AM);
    }

    private static Supplier<RuntimeException> awsError(String code, String message) {
        return () -> DynamoDbException.builder().message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    private void putAndUpdateInOneTransaction(String table) {
        dynamoDb().transactWriteItems(r -> r.transactItems(
                t -> t.put(p -> p.tableName(table).item(key("first"))),
                t -> t.update(u -> u.tableName(table).key(key("second")).updateExpression("SET n = :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))));
    }

    @Test
    void faultOnOneItemOfATransaction_cancelsItWithOneReasonPerItemInOrder_andWritesNothing() {
        String table = provisionedTable();
        faults.fail("UpdateItem", table, 1, awsError("ConditionalCheckFailedException", "The conditional request failed"));

        TransactionCanceledException cancelled = catchThrowableOfType(() -> putAndUpdateInOneTransaction(table),
                TransactionCanceledException.class);

        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed");
        assertThat(cancelled.cancellationReasons().get(1).message()).isEqualTo("The conditional request failed");
        assertThat(cancelled.awsErrorDetails().errorCode()).isEqualTo("TransactionCanceledException");
        assertThat(cancelled.getMessage()).startsWith(
                "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
        assertThat(dynamoDb().getItem(r -> r.tableName(table).key(key("first"))).hasItem()).isFalse();
    }

    @Test
    void throttlingOrConflictOnATransactionItem_getsDynamoDbsCancellationCode() {
        String table = provisionedTable();
        faults.fail("PutItem", table, 1, awsError("ProvisionedThroughputExceededException", "throughput exceeded"));
        faults.fail("UpdateItem", table, 1, awsError("TransactionConflictException", "Transaction is ongoing for the item"));

        TransactionCanceledException cancelled = catchThrowableOfType(() -> putAndUpdateInOneTransaction(table),
                TransactionCanceledException.class);

        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("ProvisionedThroughputExceeded", "TransactionConflict");
        putAndUpdateInOneTransaction(table);
        assertThat(dynamoDb().getItem(r -> r.tableName(table).key(key("first"))).hasItem()).isTrue();
    }

    @Test
    void aConditionThatFailsInDynamoDbLocal_stillCancelsAsDynamoDbDoes() {
        String table = provisionedTable();
        dynamoDb().putItem(r -> r.tableName(table).item(key("taken")));

        TransactionCanceledException cancelled = catchThrowableOfType(() -> dynamoDb().transactWriteItems(r -> r.transactItems(
                t -> t.put(p -> p.tableName(table).item(key("free"))),
                t -> t.put(p -> p.tableName(table).item(key("taken")).conditionExpression("attribute_not_exists(pk)")))),
                TransactionCanceledException.class);

        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed");
    }
}
