package io.throttleresponder;

import io.throttleresponder.aws.AwsActuator;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.aws.AwsTableStateReader;
import io.throttleresponder.aws.CloudWatchAlarmStates;
import io.throttleresponder.aws.CloudWatchInsightsReader;
import io.throttleresponder.aws.CloudWatchMetricsReader;
import io.throttleresponder.aws.DynamoDbLedger;
import io.throttleresponder.aws.SnsNotifier;
import io.throttleresponder.aws.SqsFollowUpScheduler;
import io.throttleresponder.followup.FollowUpResponder;
import io.throttleresponder.respond.Responder;
import java.time.Clock;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Connects the responders to AWS from the function's environment, once per container. */
final class Wiring {

    private Wiring() {}

    static Responder responderFromEnvironment() {
        ResponderConfig config = ResponderConfig.fromEnvironment(System.getenv());
        return responder(config, AwsClients.create(config.region(), config.endpointOverride())).build();
    }

    static Responder.Builder responder(ResponderConfig config, AwsClients clients) {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        ApplicationAutoScalingClient autoScaling = clients.applicationAutoScaling();
        return Responder.builder()
                .policy(config.policy())
                .tables(new AwsTableStateReader(dynamoDb, autoScaling))
                .metrics(new CloudWatchMetricsReader(clients.cloudWatch()))
                .actuator(new AwsActuator(dynamoDb, autoScaling))
                .ledger(new DynamoDbLedger(dynamoDb, config.ledgerTableName()))
                .notifier(new SnsNotifier(clients.sns(), config.notificationsTopicArn()))
                .followUps(config.followUpQueueUrl() == null ? null
                        : new SqsFollowUpScheduler(clients.sqs(), config.followUpQueueUrl(), Clock.systemUTC()));
    }

    static FollowUpResponder followUpResponderFromEnvironment() {
        ResponderConfig config = ResponderConfig.fromEnvironment(System.getenv());
        if (config.followUpQueueUrl() == null) {
            throw new ConfigurationException("environment variable FOLLOW_UP_QUEUE_URL is not set: "
                    + "the follow-up function sends summary repeats and early recoveries back to its queue");
        }
        return followUpResponder(config, AwsClients.create(config.region(), config.endpointOverride())).build();
    }

    static FollowUpResponder.Builder followUpResponder(ResponderConfig config, AwsClients clients) {
        DynamoDbClient dynamoDb = clients.dynamoDb();
        ApplicationAutoScalingClient autoScaling = clients.applicationAutoScaling();
        CloudWatchClient cloudWatch = clients.cloudWatch();
        return FollowUpResponder.builder()
                .policy(config.policy())
                .responder(responder(config, clients).build())
                .tables(new AwsTableStateReader(dynamoDb, autoScaling))
                .metrics(new CloudWatchMetricsReader(cloudWatch))
                .insights(new CloudWatchInsightsReader(dynamoDb, cloudWatch))
                .alarms(new CloudWatchAlarmStates(cloudWatch))
                .actuator(new AwsActuator(dynamoDb, autoScaling))
                .ledger(new DynamoDbLedger(dynamoDb, config.ledgerTableName()))
                .notifier(new SnsNotifier(clients.sns(), config.notificationsTopicArn()))
                .followUps(new SqsFollowUpScheduler(clients.sqs(), config.followUpQueueUrl(), Clock.systemUTC()))
                .region(config.region());
    }
}
