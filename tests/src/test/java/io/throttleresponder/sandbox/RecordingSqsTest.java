package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SendMessage on the in-memory queue: refuses what SQS refuses, keeps the rest. */
class RecordingSqsTest {

    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/follow-ups";

    private final RecordingSqs sqs = new RecordingSqs(new Faults(Clock.systemUTC()));

    @Test
    void aMessageWithADelayFrom0To900_isKept() {
        sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("{}"));
        sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("{}").delaySeconds(0));
        sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("{}").delaySeconds(900));

        assertThat(sqs.sent()).extracting(SendMessageRequest::delaySeconds).containsExactly(null, 0, 900);
    }

    @Test
    void aDelayOutside0To900_isRefused() {
        assertRefused(r -> r.queueUrl(QUEUE).messageBody("{}").delaySeconds(901), "InvalidParameterValue", "DelaySeconds");
        assertRefused(r -> r.queueUrl(QUEUE).messageBody("{}").delaySeconds(-1), "InvalidParameterValue", "DelaySeconds");
    }

    @Test
    void aMessageWithoutQueueUrlOrBody_isRefused() {
        assertRefused(r -> r.messageBody("{}"), "MissingParameter", "QueueUrl");
        assertRefused(r -> r.queueUrl(QUEUE), "MissingParameter", "MessageBody");
        assertRefused(r -> r.queueUrl(QUEUE).messageBody(""), "MissingParameter", "MessageBody");
    }

    @Test
    void aBodyOver1MiBOfUtf8_isRefused_oneAtTheLimitIsKept() {
        sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("x".repeat(1_048_576)));

        assertRefused(r -> r.queueUrl(QUEUE).messageBody("x".repeat(1_048_575) + "é"), "InvalidParameterValue",
                "shorter than 1048576 bytes");
        assertThat(sqs.sent()).hasSize(1);
    }

    private void assertRefused(Consumer<SendMessageRequest.Builder> request, String code, String message) {
        assertThatThrownBy(() -> sqs.sendMessage(request)).isInstanceOfSatisfying(SqsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
