package io.throttleresponder.respond;

import io.throttleresponder.alarm.AlarmNotification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes the incident message people read: e-mail text and the chat custom notification. Pure. */
public final class IncidentReport {


    private IncidentReport() {}

    public static IncidentMessage of(AlarmNotification alarm, Incident incident, List<Action> actions, List<String> findings) {
        ResourceId resource = incident.resource();
        String title = "DynamoDB " + describe(incident) + " on " + resource;
        String subject = IncidentMessage.truncate("[throttle-responder] " + title, IncidentMessage.SUBJECT_LIMIT);

        List<String> done = actions.stream()
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

        String chat = ChatNotification.of(":rotating_light: " + title,
                        "*" + alarm.alarmName() + "* is " + alarm.state() + ".\n"
                                + String.join("\n", done.stream().map(l -> "• " + l).toList()))
                .id(alarm.stateChangeKey())
                .nextSteps(findings)
                .nextSteps(links)
                .keywords(List.of(resource.table(), incident.cause().name()))
                .threadId(resource.toString())
                .summary(IncidentMessage.truncate(title, IncidentMessage.SUBJECT_LIMIT))
                .eventType("ThrottleResponderIncident")
                .relatedResources(List.of(resource.toString()))
                .toJson();
        return new IncidentMessage(subject, text.toString(), chat);
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
}
