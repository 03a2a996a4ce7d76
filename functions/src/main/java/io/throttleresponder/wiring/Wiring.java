package io.throttleresponder.wiring;

import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.followup.FollowUpResponder;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.respond.ResponderBuilder;

/** Connects the responders to AWS from the function's environment, once per container. */
public final class Wiring {

    private Wiring() {}

    public static Responder responderFromEnvironment() {
        ResponderConfig config = ResponderConfig.fromEnvironment(System.getenv());
        return responder(config, AwsClients.create(config.region(), config.endpointOverride())).build();
    }

    public static ResponderBuilder responder(ResponderConfig config, AwsClients clients) {
        return adapters(config, clients).responder(config.policy());
    }

    public static FollowUpResponder followUpResponderFromEnvironment() {
        ResponderConfig config = ResponderConfig.fromEnvironment(System.getenv());
        if (config.followUpQueueUrl() == null) {
            throw new ConfigurationException("environment variable FOLLOW_UP_QUEUE_URL is not set: "
                    + "the follow-up function sends summary repeats and early recoveries back to its queue");
        }
        return followUpResponder(config, AwsClients.create(config.region(), config.endpointOverride())).build();
    }

    public static FollowUpResponder.Builder followUpResponder(ResponderConfig config, AwsClients clients) {
        return adapters(config, clients).followUpResponder(config.policy());
    }

    /**
     * SQS is built only when a follow-up queue is configured, CloudWatch Logs only when the sensor names
     * log groups: no client the function does not use.
     */
    private static AwsAdapters adapters(ResponderConfig config, AwsClients clients) {
        return AwsAdapters.builder()
                .dynamoDb(clients.dynamoDb())
                .applicationAutoScaling(clients.applicationAutoScaling())
                .cloudWatch(clients.cloudWatch())
                .sns(clients.sns())
                .sqs(config.followUpQueueUrl() == null ? null : clients.sqs())
                .cloudWatchLogs(config.policy().readsSensorLogs() ? clients.cloudWatchLogs() : null)
                .ledgerTableName(config.ledgerTableName())
                .notificationsTopicArn(config.notificationsTopicArn())
                .followUpQueueUrl(config.followUpQueueUrl())
                .ownAccount(config.ownAccount())
                .deployment(config.dashboardName(), config.runbookUrl())
                .build();
    }
}
