package io.throttleresponder.alarm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final DateTimeFormatter CLOUDWATCH_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendPattern(".SSS").optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT);

    private final ObjectMapper mapper;

    private AlarmEventParser(ObjectMapper mapper) {
        this.mapper = mapper;
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
        if (EVENTBRIDGE_DETAIL_TYPE.equals(root.path("detail-type").asText(null))) {
            return List.of(attempt(Delivery.EVENTBRIDGE, () -> parseEventBridge(root)));
        }
        if (root.has("alarmData")) {
            return List.of(attempt(Delivery.ALARM_ACTION, () -> parseAlarmAction(root)));
        }
        return List.of(new ParsedEvent.Rejected(null,
                "unknown event shape: neither an SNS event, a '" + EVENTBRIDGE_DETAIL_TYPE
                        + "' event nor a CloudWatch alarm action"));
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
            parsed.add(attempt(Delivery.SNS, () -> parseSnsRecord(record)));
        }
        return parsed;
    }

    private AlarmNotification parseSnsRecord(JsonNode record) {
        JsonNode sns = record.path("Sns");
        if (!sns.isObject()) {
            throw new MalformedEventException("SNS record has no Sns object");
        }
        String message = text(sns, "Message");
        JsonNode alarm;
        try {
            alarm = mapper.readTree(message);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("SNS Message is not JSON: " + firstLine(e));
        }
        if (alarm == null || !alarm.isObject() || !alarm.has("AlarmName") || !alarm.has("NewStateValue")) {
            throw new MalformedEventException("SNS Message is not a CloudWatch alarm notification");
        }
        JsonNode trigger = alarm.path("Trigger");
        if (!trigger.isObject()) {
            throw new MalformedEventException("alarm notification has no Trigger object");
        }
        String arn = optionalText(alarm, "AlarmArn");
        return new AlarmNotification(
                Delivery.SNS,
                text(alarm, "AlarmName"),
                arn,
                optionalText(alarm, "AWSAccountId"),
                regionOf(arn, optionalText(alarm, "Region")),
                AlarmState.parse(text(alarm, "NewStateValue")),
                optionalState(optionalText(alarm, "OldStateValue")),
                time(text(alarm, "StateChangeTime"), "StateChangeTime"),
                optionalText(alarm, "NewStateReason"),
                optionalNumber(trigger, "Threshold"),
                snsMetrics(trigger));
    }

    private static List<MetricQuery> snsMetrics(JsonNode trigger) {
        JsonNode metrics = field(trigger, "Metrics");
        if (metrics != null && metrics.isArray() && !metrics.isEmpty()) {
            List<MetricQuery> queries = new ArrayList<>();
            for (JsonNode metric : metrics) {
                queries.add(snsMetricDataQuery(metric));
            }
            return queries;
        }
        String statistic = optionalText(trigger, "Statistic");
        if (statistic == null) {
            statistic = optionalText(trigger, "ExtendedStatistic");
        }
        return List.of(new MetricQuery("m1",
                text(trigger, "Namespace"),
                text(trigger, "MetricName"),
                dimensionList(field(trigger, "Dimensions")),
                normalizeStatistic(statistic),
                null,
                true));
    }

    private static MetricQuery snsMetricDataQuery(JsonNode query) {
        String id = text(query, "Id");
        boolean returnData = optionalBoolean(query, "ReturnData", true);
        String expression = optionalText(query, "Expression");
        if (expression != null) {
            return new MetricQuery(id, null, null, Map.of(), null, expression, returnData);
        }
        JsonNode metricStat = objectField(query, "MetricStat");
        JsonNode metric = objectField(metricStat, "Metric");
        return new MetricQuery(id,
                text(metric, "Namespace"),
                text(metric, "MetricName"),
                dimensionList(field(metric, "Dimensions")),
                normalizeStatistic(optionalText(metricStat, "Stat")),
                null,
                returnData);
    }

    private AlarmNotification parseEventBridge(JsonNode root) {
        JsonNode detail = objectField(root, "detail");
        JsonNode resources = root.path("resources");
        String arn = resources.isArray() && !resources.isEmpty() ? resources.get(0).asText(null) : null;
        return stateChange(Delivery.EVENTBRIDGE, detail, arn,
                optionalText(root, "account"), regionOf(arn, optionalText(root, "region")));
    }

    private AlarmNotification parseAlarmAction(JsonNode root) {
        JsonNode alarmData = objectField(root, "alarmData");
        String arn = optionalText(root, "alarmArn");
        return stateChange(Delivery.ALARM_ACTION, alarmData, arn,
                optionalText(root, "accountId"), regionOf(arn, optionalText(root, "region")));
    }

    /** EventBridge's {@code detail} and the alarm action's {@code alarmData} share one shape. */
    private AlarmNotification stateChange(
            Delivery delivery, JsonNode data, String arn, String account, String region) {
        JsonNode state = objectField(data, "state");
        JsonNode previous = data.path("previousState");
        JsonNode configuration = data.path("configuration");
        List<MetricQuery> metrics = new ArrayList<>();
        JsonNode metricList = configuration.path("metrics");
        if (metricList.isArray()) {
            for (JsonNode metric : metricList) {
                metrics.add(eventMetricDataQuery(metric));
            }
        }
        return new AlarmNotification(
                delivery,
                text(data, "alarmName"),
                arn,
                account,
                region,
                AlarmState.parse(text(state, "value")),
                previous.isObject() ? optionalState(optionalText(previous, "value")) : null,
                time(text(state, "timestamp"), "state.timestamp"),
                optionalText(state, "reason"),
                thresholdFromReasonData(state),
                metrics);
    }

    private static MetricQuery eventMetricDataQuery(JsonNode query) {
        String id = text(query, "id");
        boolean returnData = optionalBoolean(query, "returnData", true);
        String expression = optionalText(query, "expression");
        if (expression != null) {
            return new MetricQuery(id, null, null, Map.of(), null, expression, returnData);
        }
        JsonNode metricStat = objectField(query, "metricStat");
        JsonNode metric = objectField(metricStat, "metric");
        JsonNode dimensions = metric.path("dimensions");
        Map<String, String> dims = new LinkedHashMap<>();
        if (dimensions.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = dimensions.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                dims.put(e.getKey(), e.getValue().asText());
            }
        } else if (!dimensions.isMissingNode() && !dimensions.isNull()) {
            dims.putAll(dimensionList(dimensions));
        }
        return new MetricQuery(id,
                text(metric, "namespace"),
                text(metric, "name"),
                dims,
                normalizeStatistic(optionalText(metricStat, "stat")),
                null,
                returnData);
    }

    /**
     * EventBridge carries the threshold only inside the JSON string {@code reasonData}: read with the
     * event's own mapper, so the same nesting and length limits bound this nested document too.
     */
    private Double thresholdFromReasonData(JsonNode state) {
        String reasonData = optionalText(state, "reasonData");
        if (reasonData == null) {
            return null;
        }
        try {
            JsonNode threshold = mapper.readTree(reasonData).path("threshold");
            return threshold.isNumber() ? threshold.asDouble() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ParsedEvent attempt(Delivery delivery, Supplier<AlarmNotification> parse) {
        try {
            return new ParsedEvent.Alarm(parse.get());
        } catch (MalformedEventException e) {
            return new ParsedEvent.Rejected(delivery, e.getMessage());
        }
    }

    private static Map<String, String> dimensionList(JsonNode dimensions) {
        Map<String, String> result = new LinkedHashMap<>();
        if (dimensions == null || dimensions.isNull() || dimensions.isMissingNode()) {
            return result;
        }
        if (!dimensions.isArray()) {
            throw new MalformedEventException("Dimensions must be a list");
        }
        for (JsonNode dimension : dimensions) {
            result.put(text(dimension, "name"), text(dimension, "value"));
        }
        return result;
    }

    /** CloudWatch writes "Sum" in alarms it shows and "SUM" in some notifications. */
    static String normalizeStatistic(String statistic) {
        if (statistic == null) {
            return null;
        }
        return switch (statistic.trim().toUpperCase(Locale.ROOT)) {
            case "SUM" -> "Sum";
            case "AVERAGE" -> "Average";
            case "MINIMUM" -> "Minimum";
            case "MAXIMUM" -> "Maximum";
            case "SAMPLECOUNT", "SAMPLE_COUNT" -> "SampleCount";
            default -> statistic.trim();
        };
    }

    private static String regionOf(String arn, String fallback) {
        if (arn != null) {
            String[] parts = arn.split(":");
            if (parts.length > 3 && !parts[3].isEmpty()) {
                return parts[3];
            }
        }
        return fallback == null ? null : Regions.codeOf(fallback);
    }

    private static Instant time(String value, String field) {
        try {
            return OffsetDateTime.parse(value, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(field + " '" + value + "' is not a timestamp");
        }
    }

    private static AlarmState optionalState(String value) {
        return value == null ? null : AlarmState.parse(value);
    }

    /** Field names differ in case between deliveries ("name" and "Name"); match either. */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    private static JsonNode objectField(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            throw new MalformedEventException("missing field " + name);
        }
        if (!value.isObject()) {
            throw new MalformedEventException("field " + name + " must be an object");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        String value = optionalText(node, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing field " + name);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            // A number or boolean where a name belongs is as malformed as an object: never coerce it.
            throw new MalformedEventException("field " + name + " must be a string, was " + value.getNodeType());
        }
        return value.asText();
    }

    private static Double optionalNumber(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            throw new MalformedEventException("field " + name + " must be a number");
        }
    }

    private static boolean optionalBoolean(JsonNode node, String name, boolean fallback) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new MalformedEventException("field " + name + " must be true or false");
        }
        return value.asBoolean();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
