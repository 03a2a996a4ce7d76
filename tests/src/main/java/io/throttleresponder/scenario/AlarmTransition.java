package io.throttleresponder.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.sandbox.alarms.AlarmEvaluator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.AlarmContributor;

/**
 * An alarm's change of state, as its notifications carry it.
 *
 * @param alarm the alarm's CloudFormation properties
 * @param datapoints the evaluated ones, newest first; a null value is a missing one
 * @param contributor the Metrics Insights time series the change is of; null for an alarm's own change
 */
record AlarmTransition(ObjectNode alarm, String name, String from, String to, List<AlarmEvaluator.Datapoint> datapoints,
                       String reason, Instant at, AlarmContributor contributor) {

    /** How CloudWatch writes times in notifications: 2026-11-21T03:15:42.817+0000. */
    static final DateTimeFormatter NOTIFICATION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    /** How the state reason writes a datapoint's minute: 21/11/26 03:14:00. */
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A change stated by a scenario's alarm step: one datapoint, the minute before the change. */
    static AlarmTransition stated(ObjectNode alarm, String name, String from, String to, double value, Instant at) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        String reason = "Threshold Crossed: 1 out of the last 1 datapoints [%s (%s)] was %sgreater than the threshold (%s)"
                .formatted(value, REASON_TIME.format(minute), to.equals("ALARM") ? "" : "not ",
                        alarm.get("Threshold").asDouble())
                + " (minimum 1 datapoint for %s -> %s transition).".formatted(from, to);
        return new AlarmTransition(alarm, name, from, to, List.of(new AlarmEvaluator.Datapoint(minute, value)), reason, at, null);
    }

    double threshold() {
        return alarm.get("Threshold").asDouble();
    }

    String reasonData() {
        ObjectNode data = JSON.createObjectNode();
        data.put("version", "1.0");
        data.put("queryDate", NOTIFICATION_TIME.format(at));
        if (!datapoints.isEmpty()) {
            data.put("startDate", NOTIFICATION_TIME.format(datapoints.get(datapoints.size() - 1).timestamp()));
        }
        if (alarm.has("Statistic")) {
            data.put("statistic", alarm.get("Statistic").asText());
        }
        data.put("period", alarm.has("Period") ? alarm.get("Period").asInt() : alarm.get("Metrics").findValue("Period").asInt());
        ArrayNode recent = data.putArray("recentDatapoints");
        for (int i = datapoints.size() - 1; i >= 0; i--) {
            if (datapoints.get(i).value() != null) {
                recent.add(datapoints.get(i).value());
            }
        }
        data.put("threshold", threshold());
        ArrayNode evaluated = data.putArray("evaluatedDatapoints");
        for (AlarmEvaluator.Datapoint datapoint : datapoints) {
            ObjectNode point = evaluated.addObject();
            point.put("timestamp", NOTIFICATION_TIME.format(datapoint.timestamp()));
            if (datapoint.value() != null) {
                point.put("value", datapoint.value());
            }
        }
        return data.toString();
    }
}
