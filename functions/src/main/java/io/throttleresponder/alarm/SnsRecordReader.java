package io.throttleresponder.alarm;

import static io.throttleresponder.alarm.AlarmFields.contributor;
import static io.throttleresponder.alarm.AlarmFields.dimensionList;
import static io.throttleresponder.alarm.AlarmFields.field;
import static io.throttleresponder.alarm.AlarmFields.firstLine;
import static io.throttleresponder.alarm.AlarmFields.normalizeStatistic;
import static io.throttleresponder.alarm.AlarmFields.objectField;
import static io.throttleresponder.alarm.AlarmFields.optionalBoolean;
import static io.throttleresponder.alarm.AlarmFields.optionalInteger;
import static io.throttleresponder.alarm.AlarmFields.optionalNumber;
import static io.throttleresponder.alarm.AlarmFields.optionalState;
import static io.throttleresponder.alarm.AlarmFields.optionalText;
import static io.throttleresponder.alarm.AlarmFields.regionOf;
import static io.throttleresponder.alarm.AlarmFields.text;
import static io.throttleresponder.alarm.AlarmFields.time;
import static io.throttleresponder.alarm.StateReason.bandFromReason;
import static io.throttleresponder.alarm.StateReason.datapointsOf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One record of an SNS event: the alarm notification is the JSON string in its {@code Message}, with
 * the metric in {@code Trigger} (or an {@code AlarmRule} for a composite alarm) and no reasonData.
 */
final class SnsRecordReader {

    private final ObjectMapper mapper;

    SnsRecordReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    AlarmNotification read(JsonNode record) {
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
}
