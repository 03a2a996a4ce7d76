package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.aws.SqsFollowUpScheduler;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The follow-up queue's sends, on the in-memory SQS: on time, never early, and the same follow-up when sent back. */
class SqsFollowUpSchedulerTest {

    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/follow-ups";
    private static final FollowUp SUMMARY = FollowUp.hotKeySummary("throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents",
            ResourceId.table("orders"), Operation.WRITE, Instant.parse("2026-11-21T03:15:42.817Z"), 3);

    private final RecordingSqs sqs = new RecordingSqs(new Faults(Clock.systemUTC()));
    private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-21T03:15:43.500Z"));
    private final SqsFollowUpScheduler scheduler = new SqsFollowUpScheduler(sqs, QUEUE, clock);

    @Test
    void delayOfAFractionOfASecond_isRoundedUp_soTheMessageIsNeverEarly() {
        scheduler.schedule(SUMMARY, Duration.ofMillis(299_500));

        assertThat(sqs.sent()).extracting(SendMessageRequest::delaySeconds).containsExactly(300);
    }

    @Test
    void aFollowUpSentBackToWait_keepsItsDueTime_whateverTheClockSays() {
        Instant due = Instant.parse("2026-11-21T03:45:42.817Z");
        clock.advanceTo(Instant.parse("2026-11-21T03:30:43.901Z"));

        scheduler.resend(SUMMARY, due, clock.instant());

        SendMessageRequest sent = sqs.sent().get(0);
        assertThat(FollowUpMessage.read(sent.messageBody()).due()).isEqualTo(due);
        assertThat(FollowUpMessage.read(sent.messageBody()).followUp()).isEqualTo(SUMMARY);
        assertThat(sent.delaySeconds()).isEqualTo(899);
    }
}
