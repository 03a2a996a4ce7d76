package io.throttleresponder.aws;

import io.throttleresponder.model.FollowUp;
import io.throttleresponder.act.FollowUpScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Delays follow-ups with SQS DelaySeconds rather than EventBridge Scheduler one-time schedules: no
 * schedule to create and delete per incident, no role to pass, and the queue gives retries and a
 * dead-letter queue for free. SQS delays at most 15 minutes; longer waits (the recovery's quiet
 * period) carry their due time, and the handler sends an early message back to wait the rest.
 */
public final class SqsFollowUpScheduler implements FollowUpScheduler {

    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    public SqsFollowUpScheduler(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public void schedule(FollowUp followUp, Duration delay) {
        Instant due = clock.instant().plus(delay);
        sendFor(followUp, due);
    }

    @Override
    public void resend(FollowUp followUp, Instant due, Instant now) {
        sendFor(followUp, due);
    }

    /**
     * Sends the message to arrive at {@code due}, or 15 minutes from now if that is sooner. DelaySeconds is
     * whole seconds: rounded up, so the message never arrives before it is due (truncated, it would, and be
     * sent back to wait the rest).
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage:
     *     DelaySeconds, 0 to 900</a>
     */
    private void sendFor(FollowUp followUp, Instant due) {
        Duration wait = Duration.between(clock.instant(), due);
        long whole = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        long seconds = Math.max(0, Math.min(whole, MAX_DELAY.toSeconds()));
        AwsFailures.call("SendMessage to " + queueUrl, () -> sqs.sendMessage(r -> r.queueUrl(queueUrl)
                .delaySeconds((int) seconds).messageBody(FollowUpMessage.write(followUp, due))));
    }
}
