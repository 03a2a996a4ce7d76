package io.throttleresponder.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The custom notification Amazon Q Developer in chat applications renders in Slack and Teams:
 * {@code version}, {@code source}, markdown {@code content} and {@code metadata}. One envelope for the
 * incident, hot-key summary and resolved messages.
 */
public final class ChatNotification {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String title;
    private final String description;
    private String id;
    private final List<String> nextSteps = new ArrayList<>();
    private final List<String> keywords = new ArrayList<>();
    private String threadId;
    private String summary;
    private String eventType;
    private final List<String> relatedResources = new ArrayList<>();
    private final Map<String, String> additionalContext = new LinkedHashMap<>();

    private ChatNotification(String title, String description) {
        this.title = title;
        this.description = description;
    }

    public static ChatNotification of(String title, String description) {
        return new ChatNotification(title, description);
    }

    /** Chat applications fold notifications with the same id into one. */
    public ChatNotification id(String value) { this.id = value; return this; }
    public ChatNotification nextSteps(Collection<String> values) { nextSteps.addAll(values); return this; }
    public ChatNotification keywords(Collection<String> values) { keywords.addAll(values); return this; }
    /** Notifications of one thread id stay in one chat thread. */
    public ChatNotification threadId(String value) { this.threadId = value; return this; }
    public ChatNotification summary(String value) { this.summary = value; return this; }
    public ChatNotification eventType(String value) { this.eventType = value; return this; }
    public ChatNotification relatedResources(Collection<String> values) { relatedResources.addAll(values); return this; }
    /** Amazon Q Developer takes additionalContext as a map of strings. */
    public ChatNotification additionalContext(Map<String, String> values) { additionalContext.putAll(values); return this; }

    public String toJson() {
        ObjectNode chat = JSON.createObjectNode();
        chat.put("version", "1.0");
        chat.put("source", "custom");
        if (id != null) {
            chat.put("id", id);
        }
        ObjectNode content = chat.putObject("content");
        content.put("textType", "client-markdown");
        content.put("title", title);
        content.put("description", description);
        nextSteps.forEach(content.putArray("nextSteps")::add);
        keywords.forEach(content.putArray("keywords")::add);
        ObjectNode metadata = chat.putObject("metadata");
        metadata.put("threadId", threadId);
        metadata.put("summary", summary);
        metadata.put("eventType", eventType);
        relatedResources.forEach(metadata.putArray("relatedResources")::add);
        if (!additionalContext.isEmpty()) {
            ObjectNode context = metadata.putObject("additionalContext");
            additionalContext.forEach(context::put);
        }
        return chat.toString();
    }
}
