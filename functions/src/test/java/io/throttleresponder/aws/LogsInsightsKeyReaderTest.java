package io.throttleresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.throttleresponder.MovingClock;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.model.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryResponse;

class LogsInsightsKeyReaderTest {

    private static final Instant NOW = Instant.parse("2026-11-22T14:02:25Z");
    private static final ResourceId ORDERS = ResourceId.table("orders");

    private final MovingClock clock = new MovingClock(NOW);
    private final Logs logs = new Logs();
    private final LogsInsightsKeyReader reader =
            new LogsInsightsKeyReader(logs, List.of("/aws/lambda/orders-api", "/ecs/checkout"), clock, Duration.ZERO);

    /**
     * CloudWatch Logs as far as the reader uses it: StartQuery, GetQueryResults answering the scripted
     * statuses (a second passing with each), StopQuery. Every other operation is the SDK interface's
     * default, which throws UnsupportedOperationException.
     */
    private final class Logs implements CloudWatchLogsClient {
        final List<StartQueryRequest> started = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final Deque<GetQueryResultsResponse> answers = new ArrayDeque<>();
        RuntimeException startFailure;

        @Override
        public StartQueryResponse startQuery(StartQueryRequest request) {
            if (startFailure != null) {
                throw startFailure;
            }
            started.add(request);
            return StartQueryResponse.builder().queryId("q-1").build();
        }

        @Override
        public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest request) {
            assertThat(request.queryId()).isEqualTo("q-1");
            clock.now = clock.now.plusSeconds(1);
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }

        @Override
        public StopQueryResponse stopQuery(StopQueryRequest request) {
            stopped.add(request.queryId());
            return StopQueryResponse.builder().success(true).build();
        }

        @Override
        public String serviceName() {
            return "logs";
        }

        @Override
        public void close() {}
    }

    private static GetQueryResultsResponse status(QueryStatus status) {
        return GetQueryResultsResponse.builder().status(status).build();
    }

    private static List<ResultField> row(String key, long throttles) {
        return List.of(ResultField.builder().field("hotKey").value(key).build(),
                ResultField.builder().field("throttles").value(Long.toString(throttles)).build());
    }

    private static GetQueryResultsResponse complete(List<List<ResultField>> rows) {
        return GetQueryResultsResponse.builder().status(QueryStatus.COMPLETE).results(rows).build();
    }

    @Test
    void query_countsTheSensorsKeyLinesOfTheTableAlone_orOfItsIndex() {
        assertThat(LogsInsightsKeyReader.query(ORDERS)).isEqualTo("fields coalesce(partitionKey, key) as hotKey"
                + " | filter throttleSensor = \"throttled\" and table = \"orders\" and not ispresent(index) and ispresent(hotKey)"
                + " | stats count(*) as throttles by hotKey | sort throttles desc | limit 1000");
        assertThat(LogsInsightsKeyReader.query(new ResourceId("orders", "by-status")))
                .contains("and table = \"orders\" and index = \"by-status\" and ispresent(hotKey)");
    }

    @Test
    void topKeys_queriesTheLogGroupsOverTheWindow_andRanksTheCompleteAnswer() {
        logs.answers.add(status(QueryStatus.SCHEDULED));
        logs.answers.add(status(QueryStatus.RUNNING));
        logs.answers.add(complete(List.of(row("customer#1042", 300), row("customer#7", 60), row("customer#9", 40))));

        ApplicationKeys keys = reader.topKeys(ORDERS, NOW);

        assertThat(logs.started).singleElement().satisfies(start -> {
            assertThat(start.logGroupNames()).containsExactly("/aws/lambda/orders-api", "/ecs/checkout");
            assertThat(start.startTime()).isEqualTo(NOW.minus(Duration.ofMinutes(5)).getEpochSecond());
            assertThat(start.endTime()).isEqualTo(NOW.getEpochSecond());
            assertThat(start.limit()).isEqualTo(1000);
        });
        assertThat(keys.throttledCalls()).isEqualTo(400);
        assertThat(keys.keys()).containsExactly(new ApplicationKeys.KeyCount("customer#1042", 300, 0.75),
                new ApplicationKeys.KeyCount("customer#7", 60, 0.15), new ApplicationKeys.KeyCount("customer#9", 40, 0.10));
        assertThat(keys.unavailable()).isNull();
        assertThat(logs.stopped).isEmpty();
    }

    @Test
    void aQueryStillRunningAfterTheWait_isStopped_andTheKeysAreUnavailable() {
        logs.answers.add(status(QueryStatus.RUNNING));

        ApplicationKeys keys = reader.topKeys(ORDERS, NOW);

        assertThat(keys.unavailable()).isEqualTo("the Logs Insights query was not complete within 6 s");
        assertThat(logs.stopped).containsExactly("q-1");
        assertThat(Duration.between(NOW, clock.now)).isLessThanOrEqualTo(LogsInsightsKeyReader.MAX_WAIT);
    }

    @Test
    void aQueryThatFailed_makesTheKeysUnavailable_namingItsStatus() {
        logs.answers.add(status(QueryStatus.FAILED));

        assertThat(reader.topKeys(ORDERS, NOW).unavailable()).isEqualTo("the Logs Insights query ended Failed");
    }

    @Test
    void rowsWithoutAKeyOrCount_areLeftOut() {
        logs.answers.add(complete(List.of(row("customer#1", 5),
                List.of(ResultField.builder().field("throttles").value("9").build()),
                List.of(ResultField.builder().field("hotKey").value("customer#2").build()))));

        ApplicationKeys keys = reader.topKeys(ORDERS, NOW);

        assertThat(keys.keys()).containsExactly(new ApplicationKeys.KeyCount("customer#1", 5, 1.0));
    }

    @Test
    void aRefusedStart_isTheCallersFailure() {
        logs.startFailure = LimitExceededException.builder().message("too many concurrent queries").build();

        assertThatThrownBy(() -> reader.topKeys(ORDERS, NOW)).isInstanceOf(LimitExceededException.class);
    }

    @Test
    void anOperationTheReaderDoesNotUse_throws() {
        assertThatThrownBy(() -> logs.describeLogGroups(b -> {})).isInstanceOf(UnsupportedOperationException.class);
    }
}
