package io.throttleresponder.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A notification as JSON, to carry it in a follow-up message (a retry) without the delivery's envelope. */
public final class AlarmNotificationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlarmNotificationJson() {}

    public static ObjectNode write(AlarmNotification alarm) {
        ObjectNode node = JSON.createObjectNode();
        node.put("delivery", alarm.delivery().name());
        node.put("alarmName", alarm.alarmName());
        node.put("alarmArn", alarm.alarmArn());
        node.put("accountId", alarm.accountId());
        node.put("region", alarm.region());
        node.put("state", alarm.state().name());
        node.put("previousState", alarm.previousState() == null ? null : alarm.previousState().name());
        node.put("stateChangeTime", alarm.stateChangeTime().toString());
        node.put("reason", alarm.reason());
        node.put("threshold", alarm.threshold());
        for (MetricQuery metric : alarm.metrics()) {
            ObjectNode m = node.withArrayProperty("metrics").addObject();
            m.put("id", metric.id());
            m.put("namespace", metric.namespace());
            m.put("metricName", metric.metricName());
            ObjectNode dimensions = m.putObject("dimensions");
            metric.dimensions().forEach(dimensions::put);
            m.put("stat", metric.stat());
            m.put("expression", metric.expression());
            m.put("returnData", metric.returnData());
            m.put("accountId", metric.accountId());
            m.put("period", metric.period());
        }
        node.put("comparisonOperator", alarm.comparisonOperator());
        alarm.datapoints().forEach(node.putArray("datapoints")::add);
        node.put("alarmRule", alarm.alarmRule());
        if (alarm.contributor() != null) {
            ObjectNode contributor = node.putObject("contributor");
            contributor.put("id", alarm.contributor().id());
            alarm.contributor().attributes().forEach(contributor.putObject("attributes")::put);
        }
        if (alarm.mute() != null) {
            ObjectNode mute = node.putObject("mute");
            mute.put("rule", alarm.mute().rule());
            mute.put("start", alarm.mute().start() == null ? null : alarm.mute().start().toString());
            mute.put("end", alarm.mute().end() == null ? null : alarm.mute().end().toString());
        }
        if (alarm.band() != null) {
            node.putObject("band").put("lower", alarm.band().lower()).put("upper", alarm.band().upper());
        }
        return node;
    }

    /** @throws MalformedEventException naming what is missing or wrong */
    public static AlarmNotification read(JsonNode node) {
        try {
            List<MetricQuery> metrics = new ArrayList<>();
            for (JsonNode m : node.path("metrics")) {
                metrics.add(new MetricQuery(m.path("id").asText(), text(m, "namespace"), text(m, "metricName"),
                        strings(m.path("dimensions")),
                        text(m, "stat"), text(m, "expression"), m.path("returnData").asBoolean(true), text(m, "accountId"),
                        m.path("period").isInt() ? m.get("period").asInt() : null));
            }
            List<Double> datapoints = new ArrayList<>();
            node.path("datapoints").forEach(value -> datapoints.add(value.asDouble()));
            JsonNode contributor = node.path("contributor");
            JsonNode mute = node.path("mute");
            JsonNode band = node.path("band");
            return new AlarmNotification(
                    Delivery.valueOf(node.path("delivery").asText()),
                    required(node, "alarmName"),
                    text(node, "alarmArn"),
                    text(node, "accountId"),
                    text(node, "region"),
                    AlarmState.parse(required(node, "state")),
                    text(node, "previousState") == null ? null : AlarmState.parse(text(node, "previousState")),
                    Instant.parse(required(node, "stateChangeTime")),
                    text(node, "reason"),
                    node.path("threshold").isNumber() ? node.get("threshold").asDouble() : null,
                    metrics,
                    text(node, "comparisonOperator"),
                    datapoints,
                    text(node, "alarmRule"),
                    contributor.isObject() ? new Contributor(required(contributor, "id"), strings(contributor.path("attributes")))
                            : null,
                    mute.isObject() ? new Mute(required(mute, "rule"), instant(mute, "start"), instant(mute, "end")) : null,
                    band.isObject() ? new AnomalyBand(number(band, "lower"), number(band, "upper")) : null);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException("notification in follow-up message: " + e.getMessage());
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> value = it.next();
            values.put(value.getKey(), value.getValue().asText());
        }
        return values;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Instant.parse(value);
    }

    private static Double number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.get(field).asDouble() : null;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new MalformedEventException("notification in follow-up message lacks " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
