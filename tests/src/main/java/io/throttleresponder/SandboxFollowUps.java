package io.throttleresponder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.contract.Timeouts;
import io.throttleresponder.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Delivers the sandbox's follow-up queue to the follow-up handler, in an SQS event of one record.
 * Plain runs deliver at once, each message at its due time; a scenario delivers as SQS does, when
 * the message's delay has passed, and again after the visibility timeout when its handling failed,
 * until the queue's receive limit sends it to the dead-letter queue.
 */
final class SandboxFollowUps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VISIBILITY_TIMEOUT = Timeouts.FOLLOW_UP_VISIBILITY;

    private final Sandbox sandbox;
    private final FollowUpHandler handler;
    private final List<InFlight> queue = new ArrayList<>();
    private long sent;

    /** A message on the queue: visible from {@code visibleAt}, received {@code receives} times so far. */
    private record InFlight(Instant visibleAt, long order, String body, int receives) {}

    /** One delivery: when it ran and what the handler made of it; {@code deadLettered} when it failed for the last time. */
    record Delivery(Instant at, String body, FollowUpHandler.Batch batch, boolean deadLettered) {}

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

    /**
     * Delivers, in the order they become visible, every message visible by {@code until}, including
     * those the deliveries send; the sandbox clock moves to each delivery's time.
     */
    List<Delivery> runUntil(Instant until) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Optional<InFlight> next = nextVisible(until); next.isPresent(); next = nextVisible(until)) {
            InFlight message = next.get();
            queue.remove(message);
            sandbox.clock().advanceTo(message.visibleAt());
            FollowUpHandler.Batch batch = deliver(message.body());
            boolean failed = !batch.failedMessageIds().isEmpty();
            boolean deadLettered = failed && message.receives() + 1 >= Timeouts.FOLLOW_UP_MAX_RECEIVES;
            if (failed && !deadLettered) {
                queue.add(new InFlight(sandbox.clock().instant().plus(VISIBILITY_TIMEOUT), sent++, message.body(),
                        message.receives() + 1));
            }
            deliveries.add(new Delivery(sandbox.clock().instant(), message.body(), batch, deadLettered));
        }
        return deliveries;
    }

    /** Messages still on the queue. */
    int pending() {
        enqueueSent();
        return queue.size();
    }

    private Optional<InFlight> nextVisible(Instant until) {
        enqueueSent();
        return queue.stream()
                .filter(m -> !m.visibleAt().isAfter(until))
                .min(Comparator.comparing(InFlight::visibleAt).thenComparingLong(InFlight::order));
    }

    /** What was sent since the last look, visible after its DelaySeconds. */
    private void enqueueSent() {
        Instant now = sandbox.clock().instant();
        for (SendMessageRequest message : sandbox.sqs().drain()) {
            int delay = message.delaySeconds() == null ? 0 : message.delaySeconds();
            queue.add(new InFlight(now.plusSeconds(delay), sent++, message.messageBody(), 0));
        }
    }

    FollowUpHandler.Batch deliver(String body) {
        ObjectNode record = JSON.createObjectNode()
                .put("messageId", UUID.randomUUID().toString())
                .put("body", body)
                .put("eventSource", "aws:sqs");
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(record);
        // The sandbox's deliveries have all the time they need; the deadline is tested on its own.
        return handler.handle(event.toString().getBytes(StandardCharsets.UTF_8), () -> Long.MAX_VALUE);
    }
}
