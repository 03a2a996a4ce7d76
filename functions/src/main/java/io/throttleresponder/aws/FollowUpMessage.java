package io.throttleresponder.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmNotificationJson;
import io.throttleresponder.alarm.MalformedEventException;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The JSON body of a follow-up message on the queue; written by the scheduler, read by the follow-up handler. */
public final class FollowUpMessage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FollowUpMessage() {}

    /** A follow-up and the time it is due: SQS delays at most 15 minutes, so a message may arrive early. */
    public record Scheduled(FollowUp followUp, Instant due) {}

    public static String write(FollowUp followUp, Instant due) {
        ObjectNode node = JSON.createObjectNode();
        node.put("due", due.toString());
        node.put("kind", followUp.kind().name());
        node.put("alarmName", followUp.alarmName());
        node.put("table", followUp.resource().table());
        node.put("index", followUp.resource().index());
        node.put("operation", followUp.operation() == null ? null : followUp.operation().name());
        node.put("since", followUp.since().toString());
        node.put("remaining", followUp.remaining());
        if (followUp.alarm() != null) {
            node.set(alarmKey(followUp.kind()), AlarmNotificationJson.write(followUp.alarm()));
        }
        return node.toString();
    }

    /** @throws IllegalArgumentException naming what is wrong with the body */
    public static Scheduled read(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("follow-up message is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("follow-up message is not a JSON object");
        }
        try {
            JsonNode operation = node.path("operation");
            FollowUp.Kind kind = FollowUp.Kind.valueOf(text(node, "kind"));
            JsonNode alarm = node.get(alarmKey(kind));
            FollowUp followUp = new FollowUp(
                    kind,
                    text(node, "alarmName"),
                    new ResourceId(text(node, "table"), node.path("index").isTextual() ? node.get("index").asText() : null),
                    operation.isTextual() ? Operation.valueOf(operation.asText()) : null,
                    Instant.parse(text(node, "since")),
                    node.path("remaining").asInt(0),
                    alarm == null || alarm.isNull() ? null : AlarmNotificationJson.read(alarm));
            return new Scheduled(followUp, Instant.parse(text(node, "due")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("follow-up message has a bad time: " + e.getParsedString());
        } catch (IllegalArgumentException | MalformedEventException e) {
            throw new IllegalArgumentException("follow-up message has a bad value: " + e.getMessage());
        }
    }

    /** "retryOf" for a retry, as it always was; "alarm" for the contributor's ALARM the others carry. */
    private static String alarmKey(FollowUp.Kind kind) {
        return kind == FollowUp.Kind.RETRY ? "retryOf" : "alarm";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("follow-up message lacks " + field);
        }
        return value.asText();
    }
}
