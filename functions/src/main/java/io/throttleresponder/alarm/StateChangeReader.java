package io.throttleresponder.alarm;

import static io.throttleresponder.alarm.AlarmFields.contributor;
import static io.throttleresponder.alarm.AlarmFields.dimensionList;
import static io.throttleresponder.alarm.AlarmFields.normalizeStatistic;
import static io.throttleresponder.alarm.AlarmFields.objectField;
import static io.throttleresponder.alarm.AlarmFields.optionalBoolean;
import static io.throttleresponder.alarm.AlarmFields.optionalInteger;
import static io.throttleresponder.alarm.AlarmFields.optionalState;
import static io.throttleresponder.alarm.AlarmFields.optionalText;
import static io.throttleresponder.alarm.AlarmFields.regionOf;
import static io.throttleresponder.alarm.AlarmFields.text;
import static io.throttleresponder.alarm.AlarmFields.time;
import static io.throttleresponder.alarm.StateReason.datapointsOf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EventBridge "CloudWatch Alarm State Change" (or contributor state change) event and a direct alarm
 * action: the alarm's state, previous state and configuration, with the threshold and datapoints in
 * the JSON string {@code reasonData}.
 */
final class StateChangeReader {

    private final ObjectMapper mapper;

    StateChangeReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    AlarmNotification readEventBridge(JsonNode root) {
        JsonNode detail = objectField(root, "detail");
        JsonNode resources = root.path("resources");
        String arn = resources.isArray() && !resources.isEmpty() ? resources.get(0).asText(null) : null;
        return stateChange(Delivery.EVENTBRIDGE, detail, arn,
                optionalText(root, "account"), regionOf(arn, optionalText(root, "region")));
    }

    AlarmNotification readAlarmAction(JsonNode root) {
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
}
