package io.throttleresponder.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * An SNS topic in memory: refuses a publish SNS would refuse, keeps every other one and prints the
 * e-mail rendering of each.
 */
// The rules: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
public final class RecordingSns implements SnsClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_BYTES = 262_144;
    /** Printable ASCII, not beginning with a space, shorter than 100 characters. */
    private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7E][\\x20-\\x7E]{0,98}");

    private final PrintStream out;
    private final Faults faults;
    private final List<PublishRequest> published = new CopyOnWriteArrayList<>();
    private volatile boolean showChat;

    public RecordingSns(PrintStream out, Faults faults) {
        this.out = out;
        this.faults = faults;
    }

    /** Also print the chat message (the Amazon Q Developer custom notification) of each publish. */
    public void showChat(boolean value) {
        this.showChat = value;
    }

    public List<PublishRequest> published() {
        return List.copyOf(published);
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
        faults.check("Publish", null);
        validate(request);
        published.add(request);
        if (out != null) {
            out.println("---- notification: " + request.subject());
            out.println(emailText(request));
            chatJson(request).filter(chat -> showChat).ifPresent(chat -> {
                out.println("---- chat message (Amazon Q Developer custom notification):");
                out.println(chat.toPrettyString());
            });
        }
        return PublishResponse.builder().messageId(UUID.randomUUID().toString()).build();
    }

    private static void validate(PublishRequest request) {
        if (request.topicArn() == null && request.targetArn() == null) {
            throw invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }
        if (request.message() == null) {
            throw invalid("Invalid parameter: Message Reason: no value for required parameter");
        }
        if (request.message().isEmpty()) {
            throw invalid("Invalid parameter: Empty message");
        }
        if (request.message().getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw invalid("Invalid parameter: Message too long");
        }
        if (request.subject() != null && !SUBJECT.matcher(request.subject()).matches()) {
            throw invalid("Invalid parameter: Subject");
        }
        if (request.messageStructure() != null) {
            validateStructured(request);
        }
    }

    /** SNS ignores a key whose value is not a string, so a non-string "default" counts as none. */
    private static void validateStructured(PublishRequest request) {
        if (!"json".equals(request.messageStructure())) {
            throw invalid("Invalid parameter: MessageStructure");
        }
        JsonNode bodies;
        try {
            bodies = JSON.readTree(request.message());
        } catch (JsonProcessingException e) {
            throw invalid("Invalid parameter: Message Structure - JSON message body failed to parse");
        }
        if (!bodies.isObject()) {
            throw invalid("Invalid parameter: Message Structure - JSON message body failed to parse");
        }
        if (!bodies.path("default").isTextual()) {
            throw invalid("Invalid parameter: Message Structure - No default entry in JSON message body");
        }
    }

    private static InvalidParameterException invalid(String message) {
        return InvalidParameterException.builder().message(message).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("SNS").errorCode("InvalidParameter").errorMessage(message).build())
                .build();
    }

    /** What an e-mail subscriber receives: the "email" body of a per-protocol message, else the message. */
    /** The chat applications' body (the {@code https} protocol's message), when the publish has one. */
    public static Optional<JsonNode> chatJson(PublishRequest request) {
        if (!"json".equals(request.messageStructure())) {
            return Optional.empty();
        }
        try {
            var bodies = JSON.readTree(request.message());
            return bodies.has("https") ? Optional.of(JSON.readTree(bodies.get("https").asText()))
                    : Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("MessageStructure json needs a JSON message", e);
        }
    }

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
