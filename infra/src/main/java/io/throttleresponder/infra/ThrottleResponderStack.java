package io.throttleresponder.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.throttleresponder.infra.config.ConfigException;
import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.ResponderPolicy;
import io.throttleresponder.infra.config.WatchedTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Everything one deployment needs: the alarms on the watched tables, the alarm topic that carries
 * them to the responder, the responder itself with its ledger and dead-letter queue, the
 * notifications topic, and the dashboard. The watched tables are referenced by name only: this
 * stack never creates or modifies them.
 */
public class ThrottleResponderStack extends Stack {

    public static final String HANDLER = "io.throttleresponder.AlarmHandler::handleRequest";
    public static final String METRICS_NAMESPACE = "ThrottleResponder";
    public static final String ALIAS_NAME = "live";

    // Lambda allows 4 KB for all environment variables together; the rest of them fit in the remainder.
    private static final int MAX_POLICY_BYTES = 3072;
    // CloudFormation's 500 resources per stack, less the responder's own resources and room for a few more.
    private static final int MAX_DYNAMODB_ALARMS = 450;
    private static final String CONTRIBUTOR_INSIGHTS_SERVICE = "contributorinsights.dynamodb.amazonaws.com";

    private final ResponderConfig config;
    private final Topic alarmTopic;
    private final ITopic notificationsTopic;
    private final Function responder;
    private final Alias liveAlias;
    private final Table ledger;
    private final Queue deadLetterQueue;

    public ThrottleResponderStack(Construct scope, String id, StackProps props, ResponderConfig config, Path functionCode) {
        super(scope, id, props);
        this.config = config;
        String policy = ResponderPolicy.toJson(config);
        int policyBytes = policy.getBytes(StandardCharsets.UTF_8).length;
        if (policyBytes > MAX_POLICY_BYTES) {
            throw new ConfigException(config.source(), List.of(("tables: the responder policy generated from this file is %d bytes;"
                    + " Lambda environment variables hold at most %d for it: move settings shared by tables to defaults.policy")
                    .formatted(policyBytes, MAX_POLICY_BYTES)));
        }

        long alarmCount = config.tables().stream()
                .flatMap(table -> WatchedTarget.of(table).stream())
                .mapToLong(target -> target.signals().size())
                .sum();
        if (alarmCount > MAX_DYNAMODB_ALARMS) {
            throw new ConfigException(config.source(), List.of(("tables: these tables and indexes need %d alarms; one stack"
                    + " holds at most %d besides the responder (CloudFormation allows 500 resources): split the tables"
                    + " across two configuration files with different deploymentNames").formatted(alarmCount, MAX_DYNAMODB_ALARMS)));
        }

        Key topicKey = Key.Builder.create(this, "TopicKey")
                .description(config.deploymentName() + ": encrypts the alarm and notifications topics")
                .enableKeyRotation(true)
                .build();
        // CloudWatch must encrypt what it publishes to a KMS-encrypted topic.
        topicKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsToPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());

        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .topicName(config.deploymentName() + "-alarms")
                .displayName(config.deploymentName() + " DynamoDB throttle alarms")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        allowCloudWatchAlarmsToPublish(alarmTopic);

        notificationsTopic = notificationsTopic(topicKey);

        ledger = Table.Builder.create(this, "Ledger")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiresAt")
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .build();

        deadLetterQueue = Queue.Builder.create(this, "FailedInvocations")
                .queueName(config.deploymentName() + "-failed-invocations")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();

        LogGroup logGroup = LogGroup.Builder.create(this, "ResponderLogs")
                .logGroupName("/aws/lambda/" + config.deploymentName() + "-alarm-handler")
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(this, "ResponderRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(config.deploymentName() + ": the alarm handler; acts only on the watched tables")
                .build();
        logGroup.grantWrite(role);

        responder = Function.Builder.create(this, "Responder")
                .functionName(config.deploymentName() + "-alarm-handler")
                .description("Answers DynamoDB throttle alarms for the tables in " + config.source().getFileName())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(functionCode.toString()))
                // Lambda gives CPU in proportion to memory; 1024 MB makes the JVM's class loading and
                // the SDK clients' start fast enough, and SnapStart restores from that snapshot.
                .memorySize(1024)
                // A response is a handful of AWS calls (GetMetricData, DescribeTable, UpdateTable,
                // PutItem, Publish), each retried by the SDK; 60 s bounds a slow one well inside the
                // two-minute promise while leaving room for retries.
                .timeout(Duration.seconds(60))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .role(role)
                .logGroup(logGroup)
                .environment(environment(policy))
                .build();

        Annotations.of(responder).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The live alias below publishes the version SnapStart snapshots");

        // SNS invokes asynchronously: two retries, then the event waits in the queue for a person.
        liveAlias = Alias.Builder.create(this, "LiveAlias")
                .aliasName(ALIAS_NAME)
                .version(responder.getCurrentVersion())
                .retryAttempts(2)
                // An alarm older than an hour describes a table that has changed since; a person should look instead.
                .maxEventAge(Duration.hours(1))
                .onFailure(new SqsDestination(deadLetterQueue))
                .build();
        Subscription responderSubscription = alarmTopic.addSubscription(new LambdaSubscription(liveAlias));
        Validations.of(responderSubscription).acknowledge(Acknowledgment.builder()
                .id("CloudFormation-Validate::W3694")
                .reason("SNS accepts a Lambda alias ARN as a lambda-protocol endpoint; the alias is what SnapStart runs")
                .build());

        grantResponderPermissions(role);

        new DynamoDbAlarms(this, "DynamoDbAlarms", config, alarmTopic);
        failedInvocationsAlarm();
        new ResponderDashboard(this, "Dashboard", config, METRICS_NAMESPACE, responder, deadLetterQueue);

        suppressJustifiedFindings(role);
        outputs();
    }

    private ITopic notificationsTopic(Key topicKey) {
        ITopic topic;
        if (config.notifications().chatTopicArn().isPresent()) {
            // The chat channel already watches this topic; publishing there reaches chat and e-mail alike.
            topic = Topic.fromTopicArn(this, "NotificationsTopic", config.notifications().chatTopicArn().get());
        } else {
            Topic own = Topic.Builder.create(this, "NotificationsTopic")
                    .topicName(config.deploymentName() + "-notifications")
                    .displayName(config.deploymentName() + " incidents")
                    .masterKey(topicKey)
                    .enforceSsl(true)
                    .build();
            allowCloudWatchAlarmsToPublish(own);
            topic = own;
        }
        config.notifications().emails().forEach(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }

    private void allowCloudWatchAlarmsToPublish(Topic topic) {
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID));
        conditions.put("ArnLike", Map.of("aws:SourceArn", formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(config.deploymentName() + "-*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build())));
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowThisDeploymentsAlarms")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(conditions)
                .build());
    }

    private Map<String, String> environment(String policy) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RESPONDER_POLICY", policy);
        environment.put("LEDGER_TABLE_NAME", ledger.getTableName());
        environment.put("NOTIFICATIONS_TOPIC_ARN", notificationsTopic.getTopicArn());
        environment.put("POWERTOOLS_SERVICE_NAME", config.deploymentName());
        environment.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        environment.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return environment;
    }

    private void grantResponderPermissions(Role role) {
        List<String> watchedTablesAndIndexes = new ArrayList<>();
        for (WatchedTable table : config.tables()) {
            String tableArn = formatArn(ArnComponents.builder()
                    .service("dynamodb").resource("table").resourceName(table.name()).build());
            watchedTablesAndIndexes.add(tableArn);
            watchedTablesAndIndexes.add(tableArn + "/index/*");
        }
        role.addToPolicy(allow("WatchedTables", watchedTablesAndIndexes,
                "dynamodb:DescribeTable", "dynamodb:UpdateTable",
                "dynamodb:DescribeContributorInsights", "dynamodb:UpdateContributorInsights"));
        role.addToPolicy(allow("Ledger", List.of(ledger.getTableArn()),
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem"));
        // DescribeLimits, GetMetricData and DescribeScalableTargets support no resource-level permissions: AWS requires "*".
        role.addToPolicy(allow("ActionsWithoutResourceScoping", List.of("*"),
                "dynamodb:DescribeLimits", "cloudwatch:GetMetricData", "application-autoscaling:DescribeScalableTargets"));
        role.addToPolicy(allow("ContributorInsightsRules", List.of(formatArn(ArnComponents.builder()
                        .service("cloudwatch").resource("insight-rule").resourceName("DynamoDBContributorInsights-*").build())),
                "cloudwatch:GetInsightRuleReport"));
        // A scalable target's ARN ends in an ID that Application Auto Scaling generates, not the table
        // name, so the finest scope IAM allows is this account and region's scalable targets.
        role.addToPolicy(allow("ScalableTargets", List.of(formatArn(ArnComponents.builder()
                        .service("application-autoscaling").resource("scalable-target").resourceName("*").build())),
                "application-autoscaling:RegisterScalableTarget"));
        // The first UpdateContributorInsights in an account creates this service-linked role.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ContributorInsightsServiceLinkedRole")
                .effect(Effect.ALLOW)
                .actions(List.of("iam:CreateServiceLinkedRole"))
                .resources(List.of("arn:%s:iam::*:role/aws-service-role/%s/AWSServiceRoleForDynamoDBContributorInsights"
                        .formatted(Aws.PARTITION, CONTRIBUTOR_INSIGHTS_SERVICE)))
                .conditions(Map.of("StringEquals", Map.of("iam:AWSServiceName", CONTRIBUTOR_INSIGHTS_SERVICE)))
                .build());
        role.addToPolicy(allow("Notify", List.of(notificationsTopic.getTopicArn()), "sns:Publish"));
        if (notificationsTopic instanceof Topic own && own.getMasterKey() != null) {
            role.addToPolicy(allow("NotifyEncrypted", List.of(own.getMasterKey().getKeyArn()),
                    "kms:GenerateDataKey", "kms:Decrypt"));
        }
    }

    private static PolicyStatement allow(String sid, List<String> resources, String... actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(List.of(actions))
                .resources(resources)
                .build();
    }

    private void failedInvocationsAlarm() {
        Alarm alarm = Alarm.Builder.create(this, "FailedInvocationsAlarm")
                .alarmName(config.deploymentName() + "-responder-FailedInvocations")
                .alarmDescription("The responder failed to handle an alarm three times; the alarm waits in queue "
                        + deadLetterQueue.getQueueName() + ". Nothing was done for it: read the responder's logs and"
                        + " act by hand.")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum")
                        .period(Duration.minutes(1))
                        .build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        // To people, not to the responder: it cannot fix its own failures.
        alarm.addAlarmAction(new SnsAction(notificationsTopic));
    }

    private void suppressJustifiedFindings(Role role) {
        NagSuppressions.addResourceSuppressions(responder, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("The handlers are built and SnapStart-tested for Java 21; moving to a newer runtime is a"
                        + " deliberate change of the functions build, not a synth-time default.")
                .build()));
        NagSuppressions.addResourceSuppressions(deadLetterQueue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter destination of the responder's failed invocations.")
                .build()));
        NagSuppressions.addResourceSuppressions(role, List.of(
                wildcardResource("Resource::*",
                        "Actions AWS allows on no narrower resource: dynamodb:DescribeLimits, cloudwatch:GetMetricData,"
                                + " application-autoscaling:DescribeScalableTargets, xray:PutTraceSegments and"
                                + " xray:PutTelemetryRecords (the last two added by active tracing)."),
                wildcardResource(RegexAppliesTo.builder().regex("/^Resource::arn:.*:dynamodb:.*:table\\/[^/]+\\/index\\/\\*$/g").build(),
                        "The GSIs of a watched table: the responder acts on the index named in the alarm's dimensions."),
                wildcardResource("Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:insight-rule/DynamoDBContributorInsights-*",
                        "DynamoDB names its Contributor Insights rules DynamoDBContributorInsights-<kind>-<table>-<timestamp>;"
                                + " the timestamp is only known at run time."),
                wildcardResource("Resource::arn:<AWS::Partition>:application-autoscaling:<AWS::Region>:<AWS::AccountId>:scalable-target/*",
                        "A scalable target's ARN ends in an ID Application Auto Scaling generates, not the table name."),
                wildcardResource("Resource::arn:<AWS::Partition>:iam::*:role/aws-service-role/" + CONTRIBUTOR_INSIGHTS_SERVICE
                                + "/AWSServiceRoleForDynamoDBContributorInsights",
                        "Service-linked role ARNs are matched without an account; the action is further limited by"
                                + " iam:AWSServiceName to the Contributor Insights service.")),
                true);
    }

    private static NagPackSuppression wildcardResource(Object appliesTo, String reason) {
        return NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.of(appliesTo)).reason(reason).build();
    }

    private void outputs() {
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarmTopic.getTopicArn()).build();
        CfnOutput.Builder.create(this, "NotificationsTopicArn").value(notificationsTopic.getTopicArn()).build();
        CfnOutput.Builder.create(this, "ResponderFunctionName").value(responder.getFunctionName()).build();
        CfnOutput.Builder.create(this, "ResponderAliasArn").value(liveAlias.getFunctionArn()).build();
        CfnOutput.Builder.create(this, "LedgerTableName").value(ledger.getTableName()).build();
        CfnOutput.Builder.create(this, "DeadLetterQueueUrl").value(deadLetterQueue.getQueueUrl()).build();
    }
}
