package io.throttleresponder.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.respond.FollowUp;
import io.throttleresponder.respond.FollowUpScheduler;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Delays a hot-key summary with SQS DelaySeconds: at most 15 minutes, which covers the few minutes
 * Contributor Insights needs, with no schedule to create and delete per incident.
 */
public final class SqsFollowUpScheduler implements FollowUpScheduler {

    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsFollowUpScheduler(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void schedule(FollowUp followUp, Duration delay) {
        long seconds = Math.min(delay.toSeconds(), MAX_DELAY.toSeconds());
        sqs.sendMessage(r -> r.queueUrl(queueUrl).delaySeconds((int) seconds).messageBody(body(followUp)));
    }

    static String body(FollowUp followUp) {
        ObjectNode node = JSON.createObjectNode();
        node.put("alarmName", followUp.alarmName());
        node.put("table", followUp.resource().table());
        node.put("index", followUp.resource().index());
        node.put("operation", followUp.operation() == null ? null : followUp.operation().name());
        node.put("incidentKey", followUp.incidentKey());
        node.put("remaining", followUp.remaining());
        return node.toString();
    }
}
