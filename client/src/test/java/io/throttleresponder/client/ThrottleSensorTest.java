package io.throttleresponder.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.throttleresponder.contract.KeyMasking;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class ThrottleSensorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T03:15:42Z"), ZoneOffset.UTC);
    private static final Map<String, AttributeValue> ORDER_KEY = Map.of(
            "pk", AttributeValue.fromS("customer#1042"), "sk", AttributeValue.fromS("order#7"));

    private final List<String> lines = new ArrayList<>();
    private final ThrottleSensor sensor = ThrottleSensor.builder().lines(lines::add).clock(CLOCK)
            .keySchema("orders", "pk", "sk").flushEverySecond(false).build();

    private void fail(SdkRequest request, Throwable exception) {
        sensor.onExecutionFailure(new FailedCall(request, exception), new ExecutionAttributes());
    }

    private static ProvisionedThroughputExceededException throughputExceeded() {
        return ProvisionedThroughputExceededException.builder().message("exceeded").build();
    }

    private static List<String> reasons(Throwable exception) {
        return ThrottleSensor.throttles(exception).stream().map(ThrottleSensor.Throttle::reason).toList();
    }

    @Test
    void reasons_ofEachThrottlingException_andNoneForOtherFailures() {
        assertThat(reasons(throughputExceeded())).containsExactly("ProvisionedThroughputExceeded");
        assertThat(reasons(ProvisionedThroughputExceededException.builder().throttlingReasons(ThrottlingReason.builder()
                .reason("TableWriteKeyRangeThroughputExceeded").resource("arn:aws:dynamodb:us-east-1:1:table/orders").build())
                .build())).containsExactly("TableWriteKeyRangeThroughputExceeded");
        assertThat(reasons(ThrottlingException.builder().build())).containsExactly("ThrottlingException");
        assertThat(reasons(ThrottlingException.builder().throttlingReasons(ThrottlingReason.builder()
                .reason("TableReadMaxOnDemandThroughputExceeded").build()).build()))
                .containsExactly("TableReadMaxOnDemandThroughputExceeded");
        assertThat(reasons(RequestLimitExceededException.builder().build())).containsExactly("RequestLimitExceeded");
        assertThat(reasons(RequestLimitExceededException.builder().throttlingReasons(ThrottlingReason.builder()
                .reason("TableWriteAccountLimitExceeded").build()).build())).containsExactly("TableWriteAccountLimitExceeded");
        assertThat(reasons(DynamoDbException.builder().awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ThrottlingException").build()).build())).containsExactly("ThrottlingException");
        assertThat(reasons(ConditionalCheckFailedException.builder().build())).isEmpty();
        assertThat(reasons(new IllegalStateException("not DynamoDB"))).isEmpty();
    }

    @Test
    void aReasonsResourceArn_namesTheTableOrIndexCounted_overTheRequestsTable() {
        fail(PutItemRequest.builder().tableName("orders").item(Map.of("pk", AttributeValue.fromS("customer#9"),
                "sk", AttributeValue.fromS("order#1"), "status", AttributeValue.fromS("OPEN"))).build(),
                ProvisionedThroughputExceededException.builder().throttlingReasons(ThrottlingReason.builder()
                        .reason("IndexWriteProvisionedThroughputExceeded")
                        .resource("arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/by-status").build()).build());
        sensor.flush();

        assertThat(lines.get(0)).contains("\"table\":\"orders\"", "\"index\":\"by-status\"",
                "\"reason\":\"IndexWriteProvisionedThroughputExceeded\"", "\"partitionKey\":\"customer#9\"");
        assertThat(lines.get(1)).contains("\"GlobalSecondaryIndexName\":\"by-status\"",
                "\"Reason\":\"IndexWriteProvisionedThroughputExceeded\"", "\"ThrottledRequests\":1");
    }

    @Test
    void batchWrite_writesAKeyLinePerItemOfTheThrottledTable() {
        fail(BatchWriteItemRequest.builder().requestItems(Map.of(
                "orders", List.of(
                        WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", AttributeValue.fromS("customer#1"),
                                "sk", AttributeValue.fromS("order#1"))).build()).build(),
                        WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(ORDER_KEY).build()).build()),
                "audit", List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "id", AttributeValue.fromS("a-1"))).build()).build()))).build(),
                ProvisionedThroughputExceededException.builder().throttlingReasons(ThrottlingReason.builder()
                        .reason("TableWriteProvisionedThroughputExceeded")
                        .resource("arn:aws:dynamodb:us-east-1:123456789012:table/orders").build()).build());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"operation\":\"BatchWriteItem\"", "\"table\":\"orders\"", "\"partitionKey\":\"customer#1\"");
        assertThat(lines.get(1)).contains("\"partitionKey\":\"customer#1042\"", "\"sortKey\":\"order#7\"");
    }

    @Test
    void batchGetOfOneTable_withoutReasons_isCountedUnderThatTable_andOfSeveralUnderNone() {
        fail(BatchGetItemRequest.builder().requestItems(Map.of("orders", KeysAndAttributes.builder().keys(ORDER_KEY).build()))
                .build(), throughputExceeded());
        fail(BatchGetItemRequest.builder().requestItems(Map.of(
                "orders", KeysAndAttributes.builder().keys(ORDER_KEY).build(),
                "sessions", KeysAndAttributes.builder().keys(Map.of("id", AttributeValue.fromS("s-1"))).build())).build(),
                throughputExceeded());
        sensor.flush();

        assertThat(lines.get(0)).contains("\"operation\":\"BatchGetItem\"", "\"table\":\"orders\"", "\"sortKey\":\"order#7\"");
        assertThat(lines.get(1)).contains("\"table\":\"-\"").doesNotContain("partitionKey");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"TableName\":\"orders\"", "\"ThrottledRequests\":1"))
                .anySatisfy(line -> assertThat(line).contains("\"TableName\":\"-\"", "\"ThrottledRequests\":1"));
    }

    @Test
    void transactions_writeTheKeysOfTheThrottledTablesItems() {
        fail(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(Update.builder().tableName("orders").key(ORDER_KEY).build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("sessions")
                        .key(Map.of("id", AttributeValue.fromS("s-1"))).build()).build()).build(),
                ProvisionedThroughputExceededException.builder().throttlingReasons(ThrottlingReason.builder()
                        .reason("TableWriteKeyRangeThroughputExceeded")
                        .resource("arn:aws:dynamodb:us-east-1:123456789012:table/sessions").build()).build());
        fail(TransactGetItemsRequest.builder().transactItems(TransactGetItem.builder().get(Get.builder().tableName("orders")
                .key(ORDER_KEY).build()).build()).build(), throughputExceeded());

        assertThat(lines.get(0)).contains("\"operation\":\"TransactWriteItems\"", "\"table\":\"sessions\"", "\"partitionKey\":\"s-1\"");
        assertThat(lines.get(1)).contains("\"operation\":\"TransactGetItems\"", "\"table\":\"orders\"", "\"partitionKey\":\"customer#1042\"");
    }

    @Test
    void partiqlStatements_areCountedUnderTheTableAndIndexTheyName() {
        fail(ExecuteStatementRequest.builder().statement("SELECT * FROM \"orders\".\"by-status\" WHERE status = ?").build(),
                ThrottlingException.builder().build());
        fail(ExecuteStatementRequest.builder().statement("INSERT INTO \"audit\" VALUE {'id': ?}").build(),
                ThrottlingException.builder().build());

        assertThat(lines.get(0)).contains("\"operation\":\"ExecuteStatement\"", "\"table\":\"orders\"", "\"index\":\"by-status\"");
        assertThat(lines.get(1)).contains("\"table\":\"audit\"");
    }

    @Test
    void throttledGetItem_writesOneKeyLine_withTheOperationTableReasonAndKey() {
        fail(GetItemRequest.builder().tableName("orders").key(ORDER_KEY).build(), throughputExceeded());

        assertThat(lines).containsExactly("{\"throttleSensor\":\"throttled\",\"operation\":\"GetItem\",\"table\":\"orders\","
                + "\"reason\":\"ProvisionedThroughputExceeded\",\"partitionKey\":\"customer#1042\",\"sortKey\":\"order#7\"}");
    }

    @Test
    void keys_areReadFromEachRequestShape() {
        fail(UpdateItemRequest.builder().tableName("orders").key(ORDER_KEY).build(), throughputExceeded());
        fail(DeleteItemRequest.builder().tableName("orders").key(ORDER_KEY).build(), throughputExceeded());
        fail(PutItemRequest.builder().tableName("orders").item(Map.of("pk", AttributeValue.fromS("customer#9"),
                "sk", AttributeValue.fromS("order#1"), "total", AttributeValue.fromN("12"))).build(), throughputExceeded());
        fail(PutItemRequest.builder().tableName("unknown").item(Map.of("id", AttributeValue.fromS("x"))).build(),
                throughputExceeded());
        fail(QueryRequest.builder().tableName("orders").indexName("by-status").keyConditionExpression("#s = :s AND sk > :t")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(
                        ":s", AttributeValue.fromS("OPEN"), ":t", AttributeValue.fromS("2026"))).build(),
                ThrottlingException.builder().build());

        assertThat(lines.get(0)).contains("\"operation\":\"UpdateItem\"", "\"partitionKey\":\"customer#1042\"");
        assertThat(lines.get(1)).contains("\"operation\":\"DeleteItem\"", "\"sortKey\":\"order#7\"");
        assertThat(lines.get(2)).contains("\"partitionKey\":\"customer#9\"", "\"sortKey\":\"order#1\"").doesNotContain("12");
        assertThat(lines.get(3)).contains("\"table\":\"unknown\"").doesNotContain("partitionKey");
        assertThat(lines.get(4)).contains("\"index\":\"by-status\"", "\"partitionKey\":\"OPEN\"", "\"reason\":\"ThrottlingException\"");
    }

    @Test
    void maskKeys_writesTheResponderStableHash_notTheKey() {
        ThrottleSensor masking = ThrottleSensor.builder().lines(lines::add).clock(CLOCK).maskKeys(true)
                .flushEverySecond(false).build();

        masking.onExecutionFailure(new FailedCall(GetItemRequest.builder().tableName("orders").key(ORDER_KEY).build(),
                throughputExceeded()), new ExecutionAttributes());

        assertThat(lines.get(0)).contains(KeyMasking.mask("customer#1042")).doesNotContain("customer#1042");
    }

    @Test
    void flush_writesOneHighResolutionEmfLinePerTableIndexAndReason_thenNothingUntilMoreThrottles() {
        for (int i = 0; i < 3; i++) {
            fail(GetItemRequest.builder().tableName("orders").key(ORDER_KEY).build(), throughputExceeded());
        }
        fail(QueryRequest.builder().tableName("orders").indexName("by-status").build(), ThrottlingException.builder().build());
        lines.clear();

        sensor.flush();
        List<String> first = List.copyOf(lines);
        sensor.flush();

        assertThat(first).hasSize(2).anySatisfy(line -> assertThat(line).contains(
                "\"Namespace\":\"ThrottleSensor\"", "\"StorageResolution\":1", "\"Dimensions\":[[\"TableName\",\"Reason\"]]",
                "\"TableName\":\"orders\"", "\"Reason\":\"ProvisionedThroughputExceeded\"", "\"ThrottledRequests\":3",
                "\"Timestamp\":" + CLOCK.millis()));
        assertThat(first).anySatisfy(line -> assertThat(line).contains(
                "\"Dimensions\":[[\"TableName\",\"GlobalSecondaryIndexName\",\"Reason\"]]", "\"GlobalSecondaryIndexName\":\"by-status\"",
                "\"ThrottledRequests\":1"));
        assertThat(lines).hasSize(2);
    }

    @Test
    void keyLines_areCappedPerSecond_andTheDroppedOnesCounted() {
        ThrottleSensor capped = ThrottleSensor.builder().lines(lines::add).clock(CLOCK).keyLinesPerSecond(2)
                .flushEverySecond(false).build();
        for (int i = 0; i < 5; i++) {
            capped.onExecutionFailure(new FailedCall(GetItemRequest.builder().tableName("orders").key(ORDER_KEY).build(),
                    throughputExceeded()), new ExecutionAttributes());
        }

        assertThat(lines).hasSize(2);
        capped.flush();
        assertThat(lines).contains("{\"throttleSensor\":\"keyLinesDropped\",\"count\":3}")
                .anySatisfy(line -> assertThat(line).contains("\"ThrottledRequests\":5"));
    }

    @Test
    void aFailingOutput_neverThrowsIntoTheApplicationsCall() {
        ThrottleSensor broken = ThrottleSensor.builder().lines(line -> {
            throw new IllegalStateException("stdout closed");
        }).clock(CLOCK).flushEverySecond(false).build();

        assertThatCode(() -> broken.onExecutionFailure(new FailedCall(GetItemRequest.builder().tableName("orders").key(ORDER_KEY)
                .build(), throughputExceeded()), new ExecutionAttributes())).doesNotThrowAnyException();
    }

    @Test
    void anSdkOlderThanTheSensors_isALinkageErrorKeptFromTheApplicationsCall() {
        ThrottleSensor onAnOldSdk = ThrottleSensor.builder().lines(line -> {
            throw new NoSuchMethodError("ThrottlingException.throttlingReasons()");
        }).clock(CLOCK).flushEverySecond(false).build();

        assertThatCode(() -> onAnOldSdk.onExecutionFailure(new FailedCall(GetItemRequest.builder().tableName("orders")
                .key(ORDER_KEY).build(), throughputExceeded()), new ExecutionAttributes())).doesNotThrowAnyException();
    }

    @Test
    void keyValues_areEscapedInTheJsonLine() {
        fail(GetItemRequest.builder().tableName("orders").key(Map.of("pk", AttributeValue.fromS("a\"b\\c\nd"))).build(),
                throughputExceeded());

        assertThat(lines.get(0)).contains("\"partitionKey\":\"a\\\"b\\\\c\\nd\"");
    }

    @Test
    void keyOfATableWithoutItsSchema_isThePartitionKeyAlone_orBothAttributesByName() {
        fail(GetItemRequest.builder().tableName("sessions").key(Map.of("id", AttributeValue.fromS("s-1"))).build(),
                throughputExceeded());
        fail(GetItemRequest.builder().tableName("events").key(ORDER_KEY).build(), throughputExceeded());

        assertThat(lines.get(0)).contains("\"partitionKey\":\"s-1\"");
        assertThat(lines.get(1)).contains("\"key\":\"pk=customer#1042, sk=order#7\"");
    }

    @Test
    void close_writesWhatWasCountedSinceTheLastFlush() {
        ThrottleSensor flushing = ThrottleSensor.builder().lines(lines::add).clock(CLOCK).build();
        flushing.onExecutionFailure(new FailedCall(GetItemRequest.builder().tableName("orders").key(ORDER_KEY).build(),
                throughputExceeded()), new ExecutionAttributes());

        flushing.close();

        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"TableName\":\"orders\"", "\"ThrottledRequests\":1"));
    }
}
