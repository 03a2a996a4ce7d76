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

    @Test
    void reason_ofEachThrottlingException_andNoneForOtherFailures() {
        assertThat(ThrottleSensor.reason(throughputExceeded())).contains("ProvisionedThroughputExceeded");
        assertThat(ThrottleSensor.reason(ProvisionedThroughputExceededException.builder().throttlingReasons(ThrottlingReason.builder()
                .reason("TableWriteKeyRangeThroughputExceeded").resource("arn:aws:dynamodb:us-east-1:1:table/orders").build())
                .build())).contains("TableWriteKeyRangeThroughputExceeded");
        assertThat(ThrottleSensor.reason(ThrottlingException.builder().build())).contains("ThrottlingException");
        assertThat(ThrottleSensor.reason(RequestLimitExceededException.builder().build())).contains("RequestLimitExceeded");
        assertThat(ThrottleSensor.reason(DynamoDbException.builder().awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ThrottlingException").build()).build())).contains("ThrottlingException");
        assertThat(ThrottleSensor.reason(ConditionalCheckFailedException.builder().build())).isEmpty();
        assertThat(ThrottleSensor.reason(new IllegalStateException("not DynamoDB"))).isEmpty();
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
}
