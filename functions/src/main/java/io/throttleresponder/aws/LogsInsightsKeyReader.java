package io.throttleresponder.aws;

import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.evidence.ApplicationKeyReader;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.model.ResourceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/**
 * The hot keys of the client sensor's key lines in the applications' log groups, by one Logs Insights
 * query: StartQuery, then GetQueryResults until it is Complete or the wait is over (then StopQuery).
 * The wait is bounded so that the incident message is late by seconds at most; the capacity change
 * does not wait for it at all.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html">StartQuery</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html">GetQueryResults
 *     (Scheduled or Running: partial results, retry later)</a>
 */
public final class LogsInsightsKeyReader implements ApplicationKeyReader {

    private static final Logger LOG = LoggerFactory.getLogger(LogsInsightsKeyReader.class);

    /** Logs Insights usually answers a few minutes of a few log groups within a second or two. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(6);
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** Rows of distinct keys read; the shares are of the calls these rows count. */
    static final int MAX_ROWS = 1000;

    private final CloudWatchLogsClient logs;
    private final List<String> logGroups;
    private final Clock clock;
    private final Duration pollInterval;

    public LogsInsightsKeyReader(CloudWatchLogsClient logs, List<String> logGroups, Clock clock) {
        this(logs, logGroups, clock, POLL_INTERVAL);
    }

    LogsInsightsKeyReader(CloudWatchLogsClient logs, List<String> logGroups, Clock clock, Duration pollInterval) {
        this.logs = logs;
        this.logGroups = List.copyOf(logGroups);
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * The sensor's key lines of the table (or GSI), counted by key: the partition key, or both key
     * attributes by name where the sensor did not know the table's key schema.
     */
    static String query(ResourceId resource) {
        String index = resource.isIndex() ? "index = \"" + resource.index() + "\"" : "not ispresent(index)";
        return "fields coalesce(partitionKey, key) as hotKey"
                + " | filter throttleSensor = \"" + SensorMetrics.KEY_LINE_MARKER + "\" and table = \"" + resource.table()
                + "\" and " + index + " and ispresent(hotKey)"
                + " | stats count(*) as throttles by hotKey"
                + " | sort throttles desc"
                + " | limit " + MAX_ROWS;
    }

    @Override
    public ApplicationKeys topKeys(ResourceId resource, Instant now) {
        String queryId = logs.startQuery(start -> start
                .logGroupNames(logGroups)
                .startTime(now.minus(ApplicationKeys.WINDOW).getEpochSecond())
                .endTime(now.getEpochSecond())
                .queryString(query(resource))
                .limit(MAX_ROWS)).queryId();
        Instant deadline = clock.instant().plus(MAX_WAIT);
        while (true) {
            GetQueryResultsResponse results = logs.getQueryResults(get -> get.queryId(queryId));
            QueryStatus status = results.status();
            if (status == QueryStatus.COMPLETE) {
                return ApplicationKeys.ranked(counts(results.results()), ApplicationKeys.WINDOW);
            }
            if (status != QueryStatus.SCHEDULED && status != QueryStatus.RUNNING) {
                return ApplicationKeys.unavailable("the Logs Insights query ended " + results.statusAsString(), ApplicationKeys.WINDOW);
            }
            if (!clock.instant().plus(pollInterval).isBefore(deadline)) {
                stop(queryId);
                return ApplicationKeys.unavailable("the Logs Insights query was not complete within "
                        + MAX_WAIT.toSeconds() + " s", ApplicationKeys.WINDOW);
            }
            sleep();
        }
    }

    private static Map<String, Long> counts(List<List<ResultField>> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (List<ResultField> row : rows) {
            String key = null;
            Long throttles = null;
            for (ResultField field : row) {
                if ("hotKey".equals(field.field())) {
                    key = field.value();
                } else if ("throttles".equals(field.field()) && field.value() != null) {
                    throttles = Long.parseLong(field.value());
                }
            }
            if (key != null && throttles != null) {
                counts.merge(key, throttles, Long::sum);
            }
        }
        return counts;
    }

    /** A query left running counts against the account's concurrent queries until it times out. */
    private void stop(String queryId) {
        try {
            logs.stopQuery(stop -> stop.queryId(queryId));
        } catch (RuntimeException e) {
            LOG.warn("could not stop Logs Insights query {}; it ends on its own", queryId, e);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Logs Insights", e);
        }
    }
}
