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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final DateTimeFormatter CLOUDWATCH_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendPattern(".SSS").optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT);

    /** The bracketed list of datapoints in a state reason, and one "value (date)" of it. */
    private static final Pattern DATAPOINT_LIST = Pattern.compile("datapoints?[^\\[]*\\[([^\\]]*)\\]");
    private static final Pattern LOWER_BOUNDS = Pattern.compile("lower thresholds?\\s*\\[([^\\]]*)\\]");
    private static final Pattern UPPER_BOUNDS = Pattern.compile("upper thresholds?\\s*\\[([^\\]]*)\\]");
    private static final Pattern DATAPOINT = Pattern.compile("(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*\\(");

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
        String detailType = root.path("detail-type").asText(null);
        if (EVENTBRIDGE_DETAIL_TYPE.equals(detailType) || EVENTBRIDGE_CONTRIBUTOR_DETAIL_TYPE.equals(detailType)) {
            return List.of(attempt(Delivery.EVENTBRIDGE, () -> parseEventBridge(root)));
        }
        if (root.has("alarmData")) {
            return List.of(attempt(Delivery.ALARM_ACTION, () -> parseAlarmAction(root)));
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
        String arn = optionalText(alarm, "AlarmArn");
        String alarmRule = optionalText(alarm, "AlarmRule");
        JsonNode trigger = alarm.path("Trigger");
        if (!trigger.isObject() && alarmRule == null) {
            throw new MalformedEventException("alarm notification has neither a Trigger object nor an AlarmRule");
        }
        String reason = optionalText(alarm, "NewStateReason");
        return new AlarmNotification(
                Delivery.SNS,
                text(alarm, "AlarmName"),
                arn,
                optionalText(alarm, "AWSAccountId"),
                regionOf(arn, optionalText(alarm, "Region")),
                AlarmState.parse(text(alarm, "NewStateValue")),
                optionalState(optionalText(alarm, "OldStateValue")),
                time(text(alarm, "StateChangeTime"), "StateChangeTime"),
                reason,
                trigger.isObject() ? optionalNumber(trigger, "Threshold") : null,
                trigger.isObject() ? snsMetrics(trigger) : List.of(),
                trigger.isObject() ? optionalText(trigger, "ComparisonOperator") : null,
                datapointsOf(reason),
                alarmRule,
                contributor(alarm, "AlarmContributorId", "AlarmContributorAttributes"),
                null,
                trigger.isObject() ? bandFromReason(reason) : null);
    }

    /**
     * A contributor of a Metrics Insights alarm over several time series: SNS puts
     * {@code AlarmContributorId} and {@code AlarmContributorAttributes} beside the alarm's fields; EventBridge
     * and the alarm action an {@code alarmContributor} object with {@code id} and {@code attributes}.
     */
    private static Contributor contributor(JsonNode node, String idField, String attributesField) {
        String id = optionalText(node, idField);
        if (id == null) {
            return null;
        }
        JsonNode attributes = field(node, attributesField);
        Map<String, String> values = new LinkedHashMap<>();
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                throw new MalformedEventException("field " + attributesField + " must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> attribute = it.next();
                if (!attribute.getValue().isTextual()) {
                    throw new MalformedEventException("contributor attribute " + attribute.getKey() + " must be a string");
                }
                values.put(attribute.getKey(), attribute.getValue().asText());
            }
        }
        return new Contributor(id, values);
    }

    /**
     * SNS gives an anomaly band only in the reason: "... was less than the lower thresholds [193.3] or
     * greater than the upper thresholds [531.4] ...".
     */
    static AnomalyBand bandFromReason(String reason) {
        if (reason == null) {
            return null;
        }
        Double lower = lastNumber(LOWER_BOUNDS.matcher(reason));
        Double upper = lastNumber(UPPER_BOUNDS.matcher(reason));
        return lower == null && upper == null ? null : new AnomalyBand(lower, upper);
    }

    private static Double lastNumber(Matcher bounds) {
        if (!bounds.find()) {
            return null;
        }
        String[] values = bounds.group(1).split(",");
        try {
            return Double.parseDouble(values[values.length - 1].trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * SNS carries no reasonData: the datapoints are those CloudWatch writes in brackets in the reason,
     * "Threshold Crossed: 1 out of the last 1 datapoints [212.0 (21/11/26 03:14:00)] was greater than ...".
     */
    static List<Double> datapointsOf(String reason) {
        if (reason == null) {
            return List.of();
        }
        Matcher brackets = DATAPOINT_LIST.matcher(reason);
        if (!brackets.find()) {
            return List.of();
        }
        List<Double> values = new ArrayList<>();
        Matcher value = DATAPOINT.matcher(brackets.group(1));
        while (value.find()) {
            values.add(Double.parseDouble(value.group(1)));
        }
        return values;
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
                true,
                null,
                optionalInteger(trigger, "Period")));
    }

    private static MetricQuery snsMetricDataQuery(JsonNode query) {
        String id = text(query, "Id");
        boolean returnData = optionalBoolean(query, "ReturnData", true);
        String expression = optionalText(query, "Expression");
        String accountId = optionalText(query, "AccountId");
        if (expression != null) {
            return new MetricQuery(id, null, null, Map.of(), null, expression, returnData, accountId,
                    optionalInteger(query, "Period"));
        }
        JsonNode metricStat = objectField(query, "MetricStat");
        JsonNode metric = objectField(metricStat, "Metric");
        return new MetricQuery(id,
                text(metric, "Namespace"),
                text(metric, "MetricName"),
                dimensionList(field(metric, "Dimensions")),
                normalizeStatistic(optionalText(metricStat, "Stat")),
                null,
                returnData,
                accountId,
                optionalInteger(metricStat, "Period"));
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
        JsonNode reasonData = reasonData(state);
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
                reasonData.path("threshold").isNumber() ? reasonData.get("threshold").asDouble() : null,
                metrics,
                null,
                // A contributor's event carries no reasonData: its reason then names the datapoint.
                reasonData.has("recentDatapoints") ? recentDatapoints(reasonData) : datapointsOf(optionalText(state, "reason")),
                configuration.isObject() ? optionalText(configuration, "alarmRule") : null,
                data.has("alarmContributor") ? contributor(objectField(data, "alarmContributor"), "id", "attributes") : null,
                mute(data),
                bandFromReasonData(reasonData));
    }

    /** {@code muteDetail}: the rule is named by the last part of its ARN ("...:alarm-mute-rule:maintenance"). */
    private static Mute mute(JsonNode data) {
        JsonNode detail = data.path("muteDetail");
        if (!detail.isObject()) {
            return null;
        }
        String arn = text(detail, "mutedByArn");
        String start = optionalText(detail, "muteWindowStart");
        String end = optionalText(detail, "muteWindowEnd");
        return new Mute(arn.substring(arn.lastIndexOf(':') + 1),
                start == null ? null : time(start, "muteDetail.muteWindowStart"),
                end == null ? null : time(end, "muteDetail.muteWindowEnd"));
    }

    private static AnomalyBand bandFromReasonData(JsonNode reasonData) {
        Double lower = lastNumber(reasonData.path("recentLowerThresholds"));
        Double upper = lastNumber(reasonData.path("recentUpperThresholds"));
        return lower == null && upper == null ? null : new AnomalyBand(lower, upper);
    }

    private static Double lastNumber(JsonNode values) {
        return values.isArray() && !values.isEmpty() && values.get(values.size() - 1).isNumber()
                ? values.get(values.size() - 1).asDouble() : null;
    }

    private static MetricQuery eventMetricDataQuery(JsonNode query) {
        String id = text(query, "id");
        boolean returnData = optionalBoolean(query, "returnData", true);
        String expression = optionalText(query, "expression");
        String accountId = optionalText(query, "accountId");
        if (expression != null) {
            return new MetricQuery(id, null, null, Map.of(), null, expression, returnData, accountId,
                    optionalInteger(query, "period"));
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
                returnData,
                accountId,
                optionalInteger(metricStat, "period"));
    }

    /**
     * EventBridge carries the threshold and datapoints only inside the JSON string {@code reasonData}:
     * read with the event's own mapper, so the same nesting and length limits bound this nested
     * document too. A reasonData that is not JSON says nothing (a missing node).
     */
    private JsonNode reasonData(JsonNode state) {
        String reasonData = optionalText(state, "reasonData");
        if (reasonData == null) {
            return mapper.missingNode();
        }
        try {
            JsonNode node = mapper.readTree(reasonData);
            return node == null ? mapper.missingNode() : node;
        } catch (JsonProcessingException e) {
            return mapper.missingNode();
        }
    }

    private static List<Double> recentDatapoints(JsonNode reasonData) {
        List<Double> values = new ArrayList<>();
        for (JsonNode value : reasonData.path("recentDatapoints")) {
            if (value.isNumber()) {
                values.add(value.asDouble());
            }
        }
        return values;
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

    private static Integer optionalInteger(JsonNode node, String name) {
        Double value = optionalNumber(node, name);
        return value == null ? null : value.intValue();
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
