package io.throttleresponder.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.notify.Notifier;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes one message per incident with a body per protocol: plain text for e-mail, and the custom
 * notification JSON for the HTTPS endpoint Amazon Q Developer in chat applications subscribes with.
 */
public final class SnsNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(IncidentMessage message) {
        AwsFailures.call("Publish to " + topicArn, () -> sns.publish(r -> r.topicArn(topicArn)
                .subject(message.subject())
                .messageStructure("json")
                .message(body(message))));
    }

    static String body(IncidentMessage message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("default", message.text());
        body.put("email", message.text());
        body.put("https", message.chatJson());
        return body.toString();
    }
}
