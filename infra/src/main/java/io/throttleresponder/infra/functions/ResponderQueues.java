package io.throttleresponder.infra.functions;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.throttleresponder.contract.Timeouts;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The segment of the functions' queues (ids FailedInvocations, FailedFollowUps, FollowUps in the given scope):
 * the follow-up queue the follow-up handler consumes, and the two dead-letter queues where what failed waits
 * for a person, with an alarm on each that notifies people ({@link #alarmOnFailures}).
 */
public final class ResponderQueues {

    /** SQS keeps a message at most 14 days. */
    private static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    /** @param deploymentName the prefix of the queues' and their alarms' names */
    public record Props(String deploymentName) {
    }

    private final Props props;
    private final Queue deadLetterQueue;
    private final Queue followUpQueue;
    private final Queue followUpDeadLetterQueue;

    public ResponderQueues(Construct scope, Props props) {
        this.props = props;
        deadLetterQueue = deadLetterQueue(scope, "FailedInvocations", "failed-invocations");
        followUpDeadLetterQueue = deadLetterQueue(scope, "FailedFollowUps", "failed-follow-ups");
        // No default delay: each sender sets the message's own DelaySeconds (SQS allows up to 15 minutes),
        // and the follow-up handler sends back a message that arrives before its due time.
        followUpQueue = Queue.Builder.create(scope, "FollowUps")
                .queueName(props.deploymentName() + "-follow-ups")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // Lambda's guidance for SQS event sources: at least six times the function timeout, which leaves
                // the poller time to retry a throttled invocation before the batch becomes visible again.
                .visibilityTimeout(Duration.seconds(Timeouts.FOLLOW_UP_VISIBILITY.toSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(followUpDeadLetterQueue)
                        .maxReceiveCount(Timeouts.FOLLOW_UP_MAX_RECEIVES)
                        .build())
                .build();
    }

    /** Where the responder's failed asynchronous invocations wait. */
    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** The summaries and recoveries due later, as delayed messages. */
    public Queue followUpQueue() {
        return followUpQueue;
    }

    /** Where a follow-up that keeps failing waits. */
    public Queue followUpDeadLetterQueue() {
        return followUpDeadLetterQueue;
    }

    /**
     * An alarm on each dead-letter queue (ids FailedInvocationsAlarm, FailedFollowUpsAlarm) that notifies people,
     * not the responder: it cannot fix its own failures.
     */
    public void alarmOnFailures(Construct scope, ITopic notificationsTopic) {
        deadLetterAlarm(scope, "FailedInvocationsAlarm", deadLetterQueue, "responder-FailedInvocations",
                "The responder failed to handle an alarm three times; the alarm waits in queue "
                        + deadLetterQueue.getQueueName() + ". Nothing was done for it: read the responder's logs and"
                        + " act by hand.", notificationsTopic);
        deadLetterAlarm(scope, "FailedFollowUpsAlarm", followUpDeadLetterQueue, "follow-up-FailedMessages",
                "A hot-key summary or recovery failed %d times; its message waits in queue %s. Read the follow-up handler's"
                        .formatted(Timeouts.FOLLOW_UP_MAX_RECEIVES, followUpDeadLetterQueue.getQueueName())
                        + " logs, then replay the message to the follow-up queue or act by hand (docs/deploy.md).",
                notificationsTopic);
    }

    /** cdk-nag's findings these queues answer by what they are. */
    public void suppressJustifiedFindings() {
        NagSuppressions.addResourceSuppressions(deadLetterQueue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter destination of the responder's failed invocations.")
                .build()));
        NagSuppressions.addResourceSuppressions(followUpDeadLetterQueue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue of the follow-up queue.")
                .build()));
    }

    private Queue deadLetterQueue(Construct scope, String id, String nameSuffix) {
        return Queue.Builder.create(scope, id)
                .queueName(props.deploymentName() + "-" + nameSuffix)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .build();
    }

    private void deadLetterAlarm(Construct scope, String id, IQueue queue, String signal, String description,
                                 ITopic notificationsTopic) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmName(props.deploymentName() + "-" + signal)
                .alarmDescription(description)
                .metric(queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum")
                        .period(Duration.minutes(1))
                        .build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(notificationsTopic));
    }
}
