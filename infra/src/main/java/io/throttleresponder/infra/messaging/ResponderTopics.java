package io.throttleresponder.infra.messaging;

import io.throttleresponder.infra.config.Notifications;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The segment of the two topics: the alarm topic that carries this deployment's alarms to the responder, and
 * the notifications topic the functions publish to, both encrypted with one KMS key (ids TopicKey, AlarmTopic,
 * NotificationsTopic in the given scope).
 */
public final class ResponderTopics {

    /**
     * @param deploymentName the prefix of the topics' names; the alarms allowed to publish are named by it too
     * @param notifications where people hear: e-mail subscriptions, and an existing chat topic used instead of a
     *     topic of this deployment when named (default: none, the construct creates its own notifications topic)
     */
    public record Props(String deploymentName, Notifications notifications) {
    }

    private final Topic alarmTopic;
    private final ITopic notificationsTopic;

    public ResponderTopics(Construct scope, Props props) {
        Key topicKey = Key.Builder.create(scope, "TopicKey")
                .description(props.deploymentName() + ": encrypts the alarm and notifications topics")
                .enableKeyRotation(true)
                .build();
        // CloudWatch must encrypt what it publishes to a KMS-encrypted topic.
        topicKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsToPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        alarmTopic = topicForAlarms(scope, props.deploymentName(), "AlarmTopic", "-alarms", " DynamoDB throttle alarms", topicKey);
        notificationsTopic = notificationsTopic(scope, props, topicKey);
    }

    /** The topic this deployment's table alarms notify on ALARM and OK; the responder subscribes to it. */
    public Topic alarmTopic() {
        return alarmTopic;
    }

    /** Where the functions publish what they did and the failure alarms notify people. */
    public ITopic notificationsTopic() {
        return notificationsTopic;
    }

    /** Every alarm a deployment creates is named {@code <deploymentName>-...}: their ARNs, as one pattern. */
    public static String deploymentAlarmsArn(Construct scope, String deploymentName) {
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(deploymentName + "-*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    private static ITopic notificationsTopic(Construct scope, Props props, Key topicKey) {
        ITopic topic;
        if (props.notifications().chatTopicArn().isPresent()) {
            // The chat channel already watches this topic; publishing there reaches chat and e-mail alike.
            topic = Topic.fromTopicArn(scope, "NotificationsTopic", props.notifications().chatTopicArn().get());
        } else {
            topic = topicForAlarms(scope, props.deploymentName(), "NotificationsTopic", "-notifications", " incidents", topicKey);
        }
        props.notifications().emails().forEach(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }

    /** A topic of this deployment, KMS-encrypted and TLS-only, that its alarms may publish to. */
    private static Topic topicForAlarms(Construct scope, String deploymentName, String id, String nameSuffix,
                                        String displaySuffix, Key topicKey) {
        Topic topic = Topic.Builder.create(scope, id)
                .topicName(deploymentName + nameSuffix)
                .displayName(deploymentName + displaySuffix)
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID));
        conditions.put("ArnLike", Map.of("aws:SourceArn", deploymentAlarmsArn(scope, deploymentName)));
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowThisDeploymentsAlarms")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(conditions)
                .build());
        return topic;
    }
}
