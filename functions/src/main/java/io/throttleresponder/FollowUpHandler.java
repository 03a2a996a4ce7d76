package io.throttleresponder;

import static io.throttleresponder.logging.StructuredEntry.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.followup.FollowUpResponder;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.logging.InvocationLogging;
import io.throttleresponder.priming.FollowUpPriming;
import io.throttleresponder.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follow-up handler, fed by the follow-up queue: hot-key summaries and recoveries. Answers with
 * SQS partial batch failures, so only the messages that failed come back; a message it cannot read
 * is dropped with its reason, since retrying it would fail the same way.
 */
public final class FollowUpHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lambda's payload limit: a batch of five SQS messages of up to 256 KB each fits whole. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    /**
     * What one follow-up may take: a few AWS calls, each capped at 15 s by the SDK's timeouts. A batch
     * takes no new message with less time left, and hands the rest back to SQS instead of being cut
     * off by the function's timeout (which would make SQS redeliver the messages already done too).
     */
    static final long TIME_FOR_ONE_FOLLOW_UP_MILLIS = 30_000;

    private final FollowUpResponder responder;

    public FollowUpHandler() {
        this(Wiring.followUpResponderFromEnvironment());
        FollowUpPriming.register();
    }

  public   FollowUpHandler(FollowUpResponder responder) {
        this.responder = responder;
    }

    /** What one batch came to: the results, the messages to retry, and the ones dropped with why. */
    public record Batch(List<FollowUpResult> results, List<String> failedMessageIds, List<String> dropped) {}

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = AlarmHandler.readAtMost(input, MAX_EVENT_BYTES);
        Batch batch = context == null ? handle(event, () -> Long.MAX_VALUE)
                : InvocationLogging.withContext(context, () -> handle(event, context::getRemainingTimeInMillis));
        ObjectNode response = JSON.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        batch.failedMessageIds().forEach(id -> failures.addObject().put("itemIdentifier", id));
        output.write(JSON.writeValueAsBytes(response));
    }

    /** @param remainingMillis the invocation's time left, as Lambda's context tells it */
    public Batch handle(byte[] event, LongSupplier remainingMillis) {
        List<FollowUpResult> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        JsonNode records;
        try {
            records = JSON.readTree(event).path("Records");
        } catch (IOException e) {
            dropped.add("event is not JSON: " + e.getMessage());
            LOG.warn("follow-up event dropped: not JSON");
            return new Batch(results, failed, dropped);
        }
        for (JsonNode record : records) {
            String messageId = record.path("messageId").asText("");
            if (remainingMillis.getAsLong() < TIME_FOR_ONE_FOLLOW_UP_MILLIS) {
                failed.add(messageId);
                LOG.info("follow-up handed back to the queue: the invocation's time is nearly up {}", entry("messageId", messageId));
                continue;
            }
            FollowUpMessage.Scheduled scheduled;
            try {
                scheduled = FollowUpMessage.read(record.path("body").asText(""));
            } catch (IllegalArgumentException e) {
                dropped.add(messageId + ": " + e.getMessage());
                LOG.warn("follow-up message dropped {} {}", entry("messageId", messageId), entry("reason", e.getMessage()));
                continue;
            }
            try {
                FollowUpResult result = responder.run(scheduled.followUp(), scheduled.due());
                results.add(result);
                LOG.info("follow-up handled",
                        entry("kind", result.followUp().kind().name()),
                        entry("alarm", result.followUp().alarmName()),
                        entry("resource", result.followUp().resource().toString()),
                        entry("outcome", result.outcome().name()),
                        entry("reason", result.reason()),
                        entry("actions", result.actions().stream().map(a -> a.type() + ":" + a.status()).toList()));
            } catch (RuntimeException e) {
                // Transient (throttling, a table UPDATING): SQS redelivers it after the visibility timeout.
                failed.add(messageId);
                LOG.warn("follow-up failed, will be retried {}", entry("messageId", messageId), e);
            }
        }
        return new Batch(results, failed, dropped);
    }
}
