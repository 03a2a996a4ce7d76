package io.throttleresponder.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** An SNS topic in memory: keeps every publish and prints the e-mail rendering of each. */
public final class RecordingSns implements SnsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Faults faults;
    private final List<PublishRequest> published = new CopyOnWriteArrayList<>();

    public RecordingSns(PrintStream out, Faults faults) {
        this.out = out;
        this.faults = faults;
    }

    public List<PublishRequest> published() {
        return List.copyOf(published);
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
        faults.check("Publish", null);
        published.add(request);
        if (out != null) {
            out.println("---- notification: " + request.subject());
            out.println(emailText(request));
        }
        return PublishResponse.builder().messageId(UUID.randomUUID().toString()).build();
    }

    /** What an e-mail subscriber receives: the "email" body of a per-protocol message, else the message. */
    public static String emailText(PublishRequest request) {
        if (!"json".equals(request.messageStructure())) {
            return request.message();
        }
        try {
            var bodies = JSON.readTree(request.message());
            return bodies.has("email") ? bodies.get("email").asText() : bodies.get("default").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("MessageStructure json needs a JSON message", e);
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
