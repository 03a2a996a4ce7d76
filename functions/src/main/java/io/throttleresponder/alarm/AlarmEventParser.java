package io.throttleresponder.alarm;

import static io.throttleresponder.alarm.AlarmFields.firstLine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the three shapes an alarm arrives in (SNS event, EventBridge "CloudWatch Alarm State
 * Change", direct alarm action) into {@link AlarmNotification}s. Tolerates the variations real
 * notifications show: statistic case, null unit and description, lower-case dimension keys, region
 * display names, metric-math alarms. Anything it cannot read becomes a {@link ParsedEvent.Rejected}
 * with the reason; it never throws on bad input.
 */
public final class AlarmEventParser {

    /** An SNS message is at most 256 KB; its JSON-escaped envelope can be a few times larger. */
    public static final int MAX_EVENT_BYTES = 1024 * 1024;
    static final int MAX_NESTING_DEPTH = 32;

    private static final String EVENTBRIDGE_DETAIL_TYPE = "CloudWatch Alarm State Change";
    /** A Metrics Insights alarm's contributor (one time series) changed state: its own event, without previousState. */
    private static final String EVENTBRIDGE_CONTRIBUTOR_DETAIL_TYPE = "CloudWatch Alarm Contributor State Change";

    private final ObjectMapper mapper;
    private final SnsRecordReader snsRecords;
    private final StateChangeReader stateChanges;

    private AlarmEventParser(ObjectMapper mapper) {
        this.mapper = mapper;
        this.snsRecords = new SnsRecordReader(mapper);
        this.stateChanges = new StateChangeReader(mapper);
    }

    public static AlarmEventParser create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_EVENT_BYTES)
                        .build())
                .build();
        return new AlarmEventParser(new ObjectMapper(factory));
    }

    public List<ParsedEvent> parse(byte[] event) {
        if (event.length > MAX_EVENT_BYTES) {
            return List.of(new ParsedEvent.Rejected(null,
                    "event of " + event.length + " bytes exceeds the " + MAX_EVENT_BYTES + "-byte limit"));
        }
        if (isBlank(event)) {
            return List.of(new ParsedEvent.Rejected(null, "empty event"));
        }
        JsonNode root;
        try {
            root = mapper.readTree(event);
        } catch (IOException e) {
            return List.of(new ParsedEvent.Rejected(null, "event is not JSON: " + firstLine(e)));
        }
        if (root == null || !root.isObject()) {
            return List.of(new ParsedEvent.Rejected(null, "event is not a JSON object"));
        }
        if (root.has("Records")) {
            return parseSns(root.get("Records"));
        }
        String detailType = root.path("detail-type").asText(null);
        if (EVENTBRIDGE_DETAIL_TYPE.equals(detailType) || EVENTBRIDGE_CONTRIBUTOR_DETAIL_TYPE.equals(detailType)) {
            return List.of(attempt(Delivery.EVENTBRIDGE, () -> stateChanges.readEventBridge(root)));
        }
        if (root.has("alarmData")) {
            return List.of(attempt(Delivery.ALARM_ACTION, () -> stateChanges.readAlarmAction(root)));
        }
        return List.of(new ParsedEvent.Rejected(null,
                "unknown event shape: neither an SNS event, a '" + EVENTBRIDGE_DETAIL_TYPE + "' or '"
                        + EVENTBRIDGE_CONTRIBUTOR_DETAIL_TYPE + "' event nor a CloudWatch alarm action"));
    }

    private static boolean isBlank(byte[] event) {
        for (byte b : event) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private List<ParsedEvent> parseSns(JsonNode records) {
        if (!records.isArray() || records.isEmpty()) {
            return List.of(new ParsedEvent.Rejected(Delivery.SNS, "SNS event has no Records"));
        }
        List<ParsedEvent> parsed = new ArrayList<>();
        for (JsonNode record : records) {
            parsed.add(attempt(Delivery.SNS, () -> snsRecords.read(record)));
        }
        return parsed;
    }

    private static ParsedEvent attempt(Delivery delivery, Supplier<AlarmNotification> parse) {
        try {
            return new ParsedEvent.Alarm(parse.get());
        } catch (MalformedEventException e) {
            return new ParsedEvent.Rejected(delivery, e.getMessage());
        }
    }
}
