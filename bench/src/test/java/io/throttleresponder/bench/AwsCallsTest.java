package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Recording the responder's AWS calls, and reading sequential rounds out of them. */
class AwsCallsTest {

    private static AwsCalls.Call call(String operation, long start, long end) {
        return new AwsCalls.Call(operation, start, end);
    }

    @Test
    void rounds_overlappingCalls_shareARoundAndLaterCallsStartTheNext() {
        List<AwsCalls.Call> calls = List.of(
                call("PutItem", 0, 10),
                call("DescribeTable", 10, 20),
                call("DescribeScalableTargets", 11, 21),
                call("DescribeContributorInsights", 12, 22),
                call("UpdateTable", 22, 32));

        List<List<AwsCalls.Call>> rounds = AwsCalls.rounds(calls);

        assertThat(rounds).extracting(List::size).containsExactly(1, 3, 1);
    }

    @Test
    void busyNanos_parallelCalls_countTheirWallTimeOnce() {
        List<AwsCalls.Call> calls = List.of(call("DescribeTable", 0, 10), call("DescribeLimits", 5, 12), call("Query", 20, 25));

        assertThat(AwsCalls.busyNanos(calls)).isEqualTo(17);
    }

    @Test
    void beforeFirstRemedy_keepsOnlyCallsIssuedBeforeTheFirstRemedyStarted() {
        List<AwsCalls.Call> calls = List.of(
                call("PutItem", 0, 10), call("UpdateItem", 10, 20), call("UpdateTable", 20, 30), call("Publish", 30, 40));

        assertThat(AwsCalls.beforeFirstRemedy(calls)).extracting(AwsCalls.Call::operation)
                .containsExactly("PutItem", "UpdateItem");
    }

    @Test
    void recording_builderAndPaginatorOverloads_recordTheOneCallEachMakes() {
        AwsCalls calls = new AwsCalls(0);
        DynamoDbClient client = calls.recording(DynamoDbClient.class, new DynamoDbClient() {
            @Override
            public DescribeTableResponse describeTable(DescribeTableRequest request) {
                return DescribeTableResponse.builder().build();
            }

            @Override
            public QueryResponse query(QueryRequest request) {
                return QueryResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {}
        });

        client.describeTable(r -> r.tableName("orders"));
        client.queryPaginator(r -> r.tableName("ledger")).forEach(page -> {});
        client.serviceName();

        assertThat(calls.calls()).extracting(AwsCalls.Call::operation).containsExactly("DescribeTable", "Query");
    }
}
