package io.throttleresponder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Delivers the sandbox's follow-up queue to the follow-up handler, as SQS would but at once: each
 * message at its due time on the sandbox clock, in an SQS event of one record.
 */
final class SandboxFollowUps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final FollowUpHandler handler;

    SandboxFollowUps(Sandbox sandbox, FollowUpHandler handler) {
        this.sandbox = sandbox;
        this.handler = handler;
    }

    /** Runs what is on the queue now; what those runs send in turn stays on the queue. */
    List<FollowUpHandler.Batch> runQueued() {
        List<FollowUpHandler.Batch> batches = new ArrayList<>();
        for (SendMessageRequest message : sandbox.sqs().drain()) {
            sandbox.clock().advanceTo(FollowUpMessage.read(message.messageBody()).due());
            batches.add(deliver(message.messageBody()));
        }
        return batches;
    }

    /** Takes off the queue, unrun, what is left on it; returns how many. */
    int discardQueued() {
        return sandbox.sqs().drain().size();
    }

    FollowUpHandler.Batch deliver(String body) {
        ObjectNode record = JSON.createObjectNode()
                .put("messageId", UUID.randomUUID().toString())
                .put("body", body)
                .put("eventSource", "aws:sqs");
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(record);
        return handler.handle(event.toString().getBytes(StandardCharsets.UTF_8));
    }
}
