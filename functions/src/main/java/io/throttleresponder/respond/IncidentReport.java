package io.throttleresponder.respond;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmNotification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes the incident message people read: e-mail text and the chat custom notification. Pure. */
public final class IncidentReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** SNS subjects are ASCII and shorter than 100 characters. */
    private static final int SUBJECT_LIMIT = 99;

    private IncidentReport() {}

    public static IncidentMessage of(AlarmNotification alarm, Incident incident, List<Action> actions, List<String> findings) {
        ResourceId resource = incident.resource();
        String title = "DynamoDB " + describe(incident) + " on " + resource;
        String subject = truncate("[throttle-responder] " + title, SUBJECT_LIMIT);

        List<String> done = actions.stream()
                .filter(a -> a.type() != ActionType.NOTIFY)
                .map(IncidentReport::line)
                .toList();
        List<String> links = links(alarm, resource);

        StringBuilder text = new StringBuilder();
        text.append(title).append("\n\n");
        text.append("Alarm:     ").append(alarm.alarmName()).append(" (").append(alarm.state()).append(" at ")
                .append(alarm.stateChangeTime()).append(")\n");
        if (alarm.reason() != null) {
            text.append("Reason:    ").append(alarm.reason()).append('\n');
        }
        text.append("Diagnosis: ").append(describe(incident))
                .append(incident.operation() == null ? "" : ", " + incident.operation())
                .append(" on ").append(resource).append(" (signal ").append(incident.signal()).append(")\n\n");
        text.append("What the responder did:\n");
        if (done.isEmpty()) {
            text.append("  - nothing to change automatically\n");
        }
        done.forEach(l -> text.append("  - ").append(l).append('\n'));
        if (!findings.isEmpty()) {
            text.append("\nFindings:\n");
            findings.forEach(f -> text.append("  - ").append(f).append('\n'));
        }
        if (!links.isEmpty()) {
            text.append("\nLinks:\n");
            links.forEach(l -> text.append("  ").append(l).append('\n'));
        }

        ObjectNode chat = JSON.createObjectNode();
        chat.put("version", "1.0");
        chat.put("source", "custom");
        chat.put("id", alarm.stateChangeKey());
        ObjectNode content = chat.putObject("content");
        content.put("textType", "client-markdown");
        content.put("title", ":rotating_light: " + title);
        content.put("description", "*" + alarm.alarmName() + "* is " + alarm.state() + ".\n"
                + String.join("\n", done.stream().map(l -> "• " + l).toList()));
        ArrayNode nextSteps = content.putArray("nextSteps");
        findings.forEach(nextSteps::add);
        links.forEach(nextSteps::add);
        ArrayNode keywords = content.putArray("keywords");
        keywords.add(resource.table());
        keywords.add(incident.cause().name());
        ObjectNode metadata = chat.putObject("metadata");
        metadata.put("threadId", resource.toString());
        metadata.put("summary", truncate(title, SUBJECT_LIMIT));
        metadata.put("eventType", "ThrottleResponderIncident");
        metadata.putArray("relatedResources").add(resource.toString());
        return new IncidentMessage(subject, text.toString(), chat.toString());
    }

    static String describe(Incident incident) {
        return switch (incident.cause()) {
            case KEY_RANGE -> "hot partition (key range throttling)";
            case PROVISIONED -> "provisioned throughput exceeded";
            case MAX_ON_DEMAND -> "on-demand maximum reached";
            case ACCOUNT_LIMIT -> "account table quota reached";
            case UTILIZATION -> "capacity utilization high";
            case LATENCY -> "request latency high";
            case UNKNOWN -> "throttling";
        };
    }

    static String line(Action action) {
        StringBuilder line = new StringBuilder();
        line.append(action.status()).append(' ').append(action.type());
        if (action.dimension() != null) {
            line.append(' ').append(action.dimension());
        }
        if (action.from() != null && action.to() != null) {
            line.append(' ').append(action.from()).append(" -> ").append(action.to());
        }
        if (action.reason() != null) {
            line.append(" (").append(action.reason()).append(')');
        }
        return line.toString();
    }

    private static List<String> links(AlarmNotification alarm, ResourceId resource) {
        List<String> links = new ArrayList<>();
        String region = alarm.region();
        if (region == null) {
            return links;
        }
        String console = "https://" + region + ".console.aws.amazon.com/";
        links.add("Table: " + console + "dynamodbv2/home?region=" + region + "#table?name=" + encode(resource.table()));
        links.add("Alarm: " + console + "cloudwatch/home?region=" + region + "#alarmsV2:alarm/" + encode(alarm.alarmName()));
        return links;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String truncate(String value, int limit) {
        return value.length() <= limit ? value : value.substring(0, limit - 3) + "...";
    }
}
