package io.throttleresponder.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.contract.SensorMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StopQueryResponse;

/**
 * CloudWatch Logs as far as the responder uses it: log groups that hold the lines an application's
 * client sensor wrote (the sample application's, replayed), and Logs Insights answering the
 * responder's hot-key query over them. A query is Running on its first GetQueryResults and Complete
 * on the next, as a real one takes a moment. The query is read for what the responder's asks (the
 * table, the index or none); any other query is refused as CloudWatch refuses a malformed one. Every
 * other operation is the SDK interface's default, which throws UnsupportedOperationException.
 */
public final class InMemoryLogs implements CloudWatchLogsClient {

    private static final Pattern TABLE = Pattern.compile("\\btable = \"([^\"]+)\"");
    private static final Pattern INDEX = Pattern.compile("\\bindex = \"([^\"]+)\"");
    private static final String NO_INDEX = "not ispresent(index)";
    private static final String COUNT_BY_KEY = "stats count(*) as throttles by hotKey";

    private record Line(Instant at, JsonNode fields) {}

    private record Query(List<String> logGroups, long start, long end, String table, String index, int limit,
                         boolean[] polled) {}

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final Map<String, List<Line>> groups = new ConcurrentHashMap<>();
    private final Map<String, Query> queries = new ConcurrentHashMap<>();
    private final List<StartQueryRequest> started = new CopyOnWriteArrayList<>();

    public InMemoryLogs(Clock clock) {
        this.clock = clock;
    }

    /** Lines written to {@code logGroup} now; lines that are not JSON are kept as Logs Insights keeps them, fieldless. */
    public void write(String logGroup, List<String> lines) {
        Instant now = clock.instant();
        List<Line> group = groups.computeIfAbsent(logGroup, g -> new CopyOnWriteArrayList<>());
        for (String line : lines) {
            JsonNode fields;
            try {
                fields = json.readTree(line);
            } catch (JsonProcessingException e) {
                fields = json.createObjectNode();
            }
            group.add(new Line(now, fields == null ? json.createObjectNode() : fields));
        }
    }

    /** The StartQuery requests the responder made, in order. */
    public List<StartQueryRequest> started() {
        return List.copyOf(started);
    }

    @Override
    public StartQueryResponse startQuery(StartQueryRequest request) {
        for (String group : request.logGroupNames()) {
            if (!groups.containsKey(group)) {
                throw ResourceNotFoundException.builder().message("Log group '" + group + "' does not exist").build();
            }
        }
        String text = request.queryString();
        Matcher table = TABLE.matcher(text);
        Matcher index = INDEX.matcher(text);
        if (!text.contains(COUNT_BY_KEY) || !text.contains(SensorMetrics.KEY_LINE_MARKER) || !table.find()
                || !(index.find() || text.contains(NO_INDEX))) {
            throw InvalidParameterException.builder().message("the sandbox answers only the responder's hot-key query, not: "
                    + text).build();
        }
        started.add(request);
        String id = UUID.randomUUID().toString();
        queries.put(id, new Query(request.logGroupNames(), request.startTime(), request.endTime(), table.group(1),
                text.contains(NO_INDEX) ? null : index.group(1), request.limit() == null ? 1000 : request.limit(),
                new boolean[1]));
        return StartQueryResponse.builder().queryId(id).build();
    }

    @Override
    public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest request) {
        Query query = queries.get(request.queryId());
        if (query == null) {
            throw ResourceNotFoundException.builder().message("no query " + request.queryId()).build();
        }
        if (!query.polled()[0]) {
            query.polled()[0] = true;
            return GetQueryResultsResponse.builder().status(QueryStatus.RUNNING).build();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String group : query.logGroups()) {
            for (Line line : groups.get(group)) {
                long second = line.at().getEpochSecond();
                JsonNode fields = line.fields();
                String key = fields.hasNonNull("partitionKey") ? fields.get("partitionKey").asText()
                        : fields.hasNonNull("key") ? fields.get("key").asText() : null;
                boolean indexMatches = query.index() == null ? !fields.has("index")
                        : query.index().equals(fields.path("index").asText(null));
                if (second >= query.start() && second <= query.end() && key != null
                        && SensorMetrics.KEY_LINE_MARKER.equals(fields.path("throttleSensor").asText(null))
                        && query.table().equals(fields.path("table").asText(null)) && indexMatches) {
                    counts.merge(key, 1L, Long::sum);
                }
            }
        }
        List<List<ResultField>> rows = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(query.limit())
                .forEach(entry -> rows.add(List.of(ResultField.builder().field("hotKey").value(entry.getKey()).build(),
                        ResultField.builder().field("throttles").value(Long.toString(entry.getValue())).build())));
        return GetQueryResultsResponse.builder().status(QueryStatus.COMPLETE).results(rows).build();
    }

    @Override
    public StopQueryResponse stopQuery(StopQueryRequest request) {
        return StopQueryResponse.builder().success(queries.remove(request.queryId()) != null).build();
    }

    @Override
    public String serviceName() {
        return "logs";
    }

    @Override
    public void close() {}
}
