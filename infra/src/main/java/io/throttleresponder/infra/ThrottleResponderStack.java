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
import io.throttleresponder.infra.config.UnnamedTables;
import java.util.ArrayList;
import java.util.Arrays;
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
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
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
import software.amazon.awscdk.services.lambda.AliasOptions;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Everything one deployment needs: the alarms on the watched tables, the alarm topic that carries
 * them to the responder, the responder itself with its ledger and dead-letter queue, the follow-up
 * queue and the function that runs what it delays (hot-key summaries, recoveries), the
 * notifications topic, and the dashboard. The watched tables are referenced by name only: this
 * stack never creates or modifies them. The named tables' alarms past what one stack holds go to
 * nested stacks, each with a dashboard of its tables, wired to the same alarm topic.
 */
public class ThrottleResponderStack extends Stack {

    public static final String HANDLER = "io.throttleresponder.AlarmHandler::handleRequest";
    public static final String FOLLOW_UP_HANDLER = "io.throttleresponder.FollowUpHandler::handleRequest";
    public static final String METRICS_NAMESPACE = "ThrottleResponder";
    public static final String ALIAS_NAME = "live";

    // Lambda allows 4 KB for all environment variables together; the rest of them fit in the remainder.
    private static final int MAX_POLICY_BYTES = 3072;
    // CloudFormation's 500 resources per stack, less the responder's own resources and room for a few more:
    // the main stack's alarms; the named tables' alarms past them go to nested stacks of this many at most,
    // each with its dashboard.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    static final int MAX_DYNAMODB_ALARMS = 450;
    static final int MAX_ALARMS_PER_NESTED_STACK = 450;
    /** The named tables' ARNs per IAM statement, as written with ${AWS::...}, longer than the rendered ARNs. */
    static final int WATCHED_TABLE_ARN_CHARACTERS = 5800;
    private static final String CONTRIBUTOR_INSIGHTS_SERVICE = "contributorinsights.dynamodb.amazonaws.com";
    // A response is a handful of AWS calls (GetMetricData, DescribeTable, UpdateTable, PutItem, Publish),
    // each retried by the SDK; 60 s bounds a slow one well inside the two-minute promise while leaving
    // room for retries.
    private static final Duration ALARM_HANDLER_TIMEOUT = Duration.seconds(60);
    // Up to FOLLOW_UP_BATCH_SIZE messages per invocation, each as many calls as a response; GetInsightRuleReport's
    // low request quota makes SDK retries likelier here. Nothing waits on a follow-up, so the margin is generous.
    private static final int FOLLOW_UP_TIMEOUT_SECONDS = 120;
    private static final int FOLLOW_UP_BATCH_SIZE = 5;
    // Compile-time constants, public for the sandbox's queue: inlined, so reading them loads no CDK class.
    public static final int FOLLOW_UP_VISIBILITY_TIMEOUT_SECONDS = 6 * FOLLOW_UP_TIMEOUT_SECONDS;
    // A follow-up that fails this often will not succeed by itself; it waits in the dead-letter queue for a person.
    public static final int FOLLOW_UP_MAX_RECEIVES = 3;

    private final ResponderConfig config;
    private final Topic alarmTopic;
    private final ITopic notificationsTopic;
    private final Table ledger;
    private final Queue deadLetterQueue;
    private final Queue followUpQueue;
    private final Queue followUpDeadLetterQueue;
    private final Code functionCode;
    private final Map<String, String> functionEnvironment;
    private final ResponderFunction alarmHandler;
    private final ResponderFunction followUpHandler;

    public ThrottleResponderStack(Construct scope, String id, StackProps props, ResponderConfig config, Path functionCode) {
        super(scope, id, props);
        this.config = config;
        this.functionCode = Code.fromAsset(functionCode.toString());
        String policy = ResponderPolicy.toJson(config);
        int policyBytes = policy.getBytes(StandardCharsets.UTF_8).length;
        if (policyBytes > MAX_POLICY_BYTES) {
            throw new ConfigException(config.source(), List.of(("tables: the responder policy generated from this file is %d bytes;"
                    + " Lambda environment variables hold at most %d for it: move settings shared by tables to defaults.policy")
                    .formatted(policyBytes, MAX_POLICY_BYTES)));
        }

        int accountWideAlarms = config.unnamedTables().isEmpty() ? 0 : Arrays.stream(AccountWideAlarms.Scope.values())
                .mapToInt(grouping -> AccountWideAlarms.signals(grouping).size()).sum();
        List<List<WatchedTable>> alarmGroups = alarmGroups(config.tables(), MAX_DYNAMODB_ALARMS - accountWideAlarms,
                MAX_ALARMS_PER_NESTED_STACK);

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

        deadLetterQueue = deadLetterQueue("FailedInvocations", "failed-invocations");
        followUpDeadLetterQueue = deadLetterQueue("FailedFollowUps", "failed-follow-ups");
        // No default delay: each sender sets the message's own DelaySeconds (SQS allows up to 15 minutes),
        // and the follow-up handler sends back a message that arrives before its due time.
        followUpQueue = Queue.Builder.create(this, "FollowUps")
                .queueName(config.deploymentName() + "-follow-ups")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                // Lambda's guidance for SQS event sources: at least six times the function timeout, which leaves
                // the poller time to retry a throttled invocation before the batch becomes visible again.
                .visibilityTimeout(Duration.seconds(FOLLOW_UP_VISIBILITY_TIMEOUT_SECONDS))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(followUpDeadLetterQueue)
                        .maxReceiveCount(FOLLOW_UP_MAX_RECEIVES)
                        .build())
                .build();

        functionEnvironment = environment(policy);

        // SNS invokes asynchronously: two retries, then the event waits in the queue for a person.
        alarmHandler = responderFunction("Responder", "LiveAlias", "alarm-handler", HANDLER,
                "Answers DynamoDB throttle alarms for the tables in " + config.source().getFileName(),
                ALARM_HANDLER_TIMEOUT, AliasOptions.builder()
                        .retryAttempts(2)
                        // An alarm older than an hour describes a table that has changed since; a person should look instead.
                        .maxEventAge(Duration.hours(1))
                        .onFailure(new SqsDestination(deadLetterQueue))
                        .build());
        Subscription responderSubscription = alarmTopic.addSubscription(new LambdaSubscription(alarmHandler.alias()));
        Validations.of(responderSubscription).acknowledge(Acknowledgment.builder()
                .id("CloudFormation-Validate::W3694")
                .reason("SNS accepts a Lambda alias ARN as a lambda-protocol endpoint; the alias is what SnapStart runs")
                .build());

        // No asynchronous-invocation settings: only the SQS event source invokes it, and a message that keeps
        // failing moves to the follow-up queue's dead-letter queue.
        followUpHandler = responderFunction("FollowUp", "FollowUpLiveAlias", "follow-up-handler", FOLLOW_UP_HANDLER,
                "Posts hot-key summaries and undoes the responder's changes after recovery, for the tables in "
                        + config.source().getFileName(),
                Duration.seconds(FOLLOW_UP_TIMEOUT_SECONDS), AliasOptions.builder().build());
        followUpHandler.alias().addEventSource(SqsEventSource.Builder.create(followUpQueue)
                .batchSize(FOLLOW_UP_BATCH_SIZE)
                // One failing follow-up returns alone to the queue; the rest of its batch is not run again.
                .reportBatchItemFailures(true)
                .build());

        grantAlarmHandlerPermissions(alarmHandler.role());
        grantFollowUpHandlerPermissions(followUpHandler.role());

        List<Alarm> alarms = new ArrayList<>(
                new DynamoDbAlarms(this, "DynamoDbAlarms", config.deploymentName(), alarmGroups.get(0), alarmTopic).alarms());
        config.unnamedTables().ifPresent(unnamed ->
                alarms.addAll(new AccountWideAlarms(this, "AccountWideAlarms", config, unnamed, alarmTopic).alarms()));
        for (int group = 1; group < alarmGroups.size(); group++) {
            // Numbered from 2: the main stack holds the first group. The topic's ARN reaches them as a parameter.
            NestedStack nested = new NestedStack(this, "TableAlarms" + (group + 1), NestedStackProps.builder()
                    .description(config.deploymentName() + ": alarms of " + alarmGroups.get(group).size() + " more tables")
                    .build());
            List<Alarm> nestedAlarms = new DynamoDbAlarms(nested, "DynamoDbAlarms", config.deploymentName(),
                    alarmGroups.get(group), alarmTopic).alarms();
            ResponderDashboard.forTables(nested, "Dashboard", config.deploymentName() + "-tables-" + (group + 1),
                    alarmGroups.get(group), nestedAlarms);
        }
        deadLetterAlarm("FailedInvocationsAlarm", deadLetterQueue, "responder-FailedInvocations",
                "The responder failed to handle an alarm three times; the alarm waits in queue "
                        + deadLetterQueue.getQueueName() + ". Nothing was done for it: read the responder's logs and"
                        + " act by hand.");
        deadLetterAlarm("FailedFollowUpsAlarm", followUpDeadLetterQueue, "follow-up-FailedMessages",
                "A hot-key summary or recovery failed %d times; its message waits in queue %s. Read the follow-up handler's"
                        .formatted(FOLLOW_UP_MAX_RECEIVES, followUpDeadLetterQueue.getQueueName())
                        + " logs, then replay the message to the follow-up queue or act by hand (docs/deploy.md).");
        new ResponderDashboard(this, "Dashboard", config, METRICS_NAMESPACE, alarmGroups.get(0), alarms, alarmHandler.function(),
                deadLetterQueue, new ResponderDashboard.FollowUps(followUpHandler.function(), followUpQueue, followUpDeadLetterQueue));

        suppressJustifiedFindings();
        outputs();
    }

    /**
     * The named tables in file order, cut into groups of whole tables: the first of at most {@code first}
     * alarms (the main stack's), the others of at most {@code others} (one nested stack each). A table
     * keeps its group while tables are only appended; one that moves to another group has its alarms
     * deleted and created again, under the same names.
     */
    static List<List<WatchedTable>> alarmGroups(List<WatchedTable> tables, int first, int others) {
        List<List<WatchedTable>> groups = new ArrayList<>();
        List<WatchedTable> current = new ArrayList<>();
        int alarms = 0;
        int capacity = first;
        for (WatchedTable table : tables) {
            int needed = WatchedTarget.of(table).stream().mapToInt(target -> target.signals().size()).sum();
            if (alarms + needed > capacity) {
                groups.add(current);
                current = new ArrayList<>();
                alarms = 0;
                capacity = others;
            }
            current.add(table);
            alarms += needed;
        }
        groups.add(current);
        return groups;
    }

    /** Where what failed waits for a person: SQS keeps a message at most 14 days. */
    private Queue deadLetterQueue(String id, String nameSuffix) {
        return Queue.Builder.create(this, id)
                .queueName(config.deploymentName() + "-" + nameSuffix)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
    }

    /** One of the stack's Lambda functions, with the role it alone runs as and the alias its invokers use. */
    private record ResponderFunction(Function function, Role role, Alias alias) {
    }

    /**
     * A function from the shared jar, built the same way as its sibling: Java 21 on arm64, SnapStart on
     * the published version behind the {@value #ALIAS_NAME} alias, active tracing, its own role and
     * 30-day log group, and the shared environment. {@code invocation} gives the alias's asynchronous
     * invocation settings: retries, maximum event age and failure destination.
     */
    private ResponderFunction responderFunction(String id, String aliasId, String nameSuffix, String handler,
            String description, Duration timeout, AliasOptions invocation) {
        String functionName = config.deploymentName() + "-" + nameSuffix;
        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(config.deploymentName() + ": runs " + functionName + "; acts only on the watched tables")
                .build();
        logGroup.grantWrite(role);

        Function function = Function.Builder.create(this, id)
                .functionName(functionName)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(functionCode)
                // Lambda gives CPU in proportion to memory; 1024 MB makes the JVM's class loading and
                // the SDK clients' start fast enough, and SnapStart restores from that snapshot.
                .memorySize(1024)
                .timeout(timeout)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .role(role)
                .logGroup(logGroup)
                .environment(functionEnvironment)
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The " + ALIAS_NAME + " alias publishes the version SnapStart snapshots");

        Alias alias = Alias.Builder.create(this, aliasId)
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(invocation.getRetryAttempts())
                .maxEventAge(invocation.getMaxEventAge())
                .onFailure(invocation.getOnFailure())
                .build();
        return new ResponderFunction(function, role, alias);
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
        conditions.put("ArnLike", Map.of("aws:SourceArn", thisDeploymentsAlarms()));
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowThisDeploymentsAlarms")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(conditions)
                .build());
    }

    /** Every alarm this stack creates is named {@code <deploymentName>-...}. */
    private String thisDeploymentsAlarms() {
        return formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(config.deploymentName() + "-*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    /** The same for both functions: docs/contracts.md requires FOLLOW_UP_QUEUE_URL of the follow-up handler and lets the alarm handler use it. */
    private Map<String, String> environment(String policy) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RESPONDER_POLICY", policy);
        environment.put("LEDGER_TABLE_NAME", ledger.getTableName());
        environment.put("NOTIFICATIONS_TOPIC_ARN", notificationsTopic.getTopicArn());
        // The responder answers only its own account's alarms; the deploying account is known at deploy time.
        environment.put("RESPONDER_ACCOUNT_ID", getAccount());
        // The dashboard is named after the deployment (ResponderDashboard): the messages link to it.
        environment.put("DASHBOARD_NAME", config.deploymentName());
        config.notifications().runbookUrl().ifPresent(url -> environment.put("RUNBOOK_URL", url));
        environment.put("FOLLOW_UP_QUEUE_URL", followUpQueue.getQueueUrl());
        environment.put("POWERTOOLS_SERVICE_NAME", config.deploymentName());
        environment.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        environment.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return environment;
    }

    private void grantAlarmHandlerPermissions(Role role) {
        grantResponsePermissions(role);
        // The first UpdateContributorInsights in an account creates this service-linked role. The follow-up
        // handler only disables Contributor Insights, which the role already exists for.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ContributorInsightsServiceLinkedRole")
                .effect(Effect.ALLOW)
                .actions(List.of("iam:CreateServiceLinkedRole"))
                .resources(List.of("arn:%s:iam::*:role/aws-service-role/%s/AWSServiceRoleForDynamoDBContributorInsights"
                        .formatted(Aws.PARTITION, CONTRIBUTOR_INSIGHTS_SERVICE)))
                .conditions(Map.of("StringEquals", Map.of("iam:AWSServiceName", CONTRIBUTOR_INSIGHTS_SERVICE)))
                .build());
    }

    /** The SQS event source adds the receive and delete actions on the follow-up queue to this role itself. */
    private void grantFollowUpHandlerPermissions(Role role) {
        grantResponsePermissions(role);
        // A summary repeats only while its alarm is still in ALARM, and a recovery waits for OK.
        role.addToPolicy(allow("ThisDeploymentsAlarms", List.of(thisDeploymentsAlarms()), "cloudwatch:DescribeAlarms"));
    }

    /** What both functions do: read and change the watched tables, record, schedule follow-ups and notify. */
    private void grantResponsePermissions(Role role) {
        // Statements of at most WATCHED_TABLE_ARN_CHARACTERS of ARNs: a statement cannot be split, and CDK moves
        // whole statements past the role's inline policy (10,240 characters) into managed policies of at most
        // 6,144 each (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
        // Fn::Sub keeps each ARN one short string in the template.
        List<String> arns = new ArrayList<>();
        int characters = 0;
        int statement = 1;
        for (WatchedTable table : config.tables()) {
            String tableArn = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/" + table.name();
            if (characters + 2 * tableArn.length() + 8 > WATCHED_TABLE_ARN_CHARACTERS) {
                grantWatchedTables(role, statement++, arns);
                arns = new ArrayList<>();
                characters = 0;
            }
            arns.add(Fn.sub(tableArn));
            arns.add(Fn.sub(tableArn + "/index/*"));
            characters += 2 * tableArn.length() + 8;
        }
        if (!arns.isEmpty()) {
            grantWatchedTables(role, statement, arns);
        }
        config.unnamedTables().ifPresent(unnamed -> grantUnnamedTables(role, unnamed));
        role.addToPolicy(allow("Ledger", List.of(ledger.getTableArn()),
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem"));
        // DescribeLimits, GetMetricData, DescribeScalableTargets and DescribeScalingPolicies support no resource-level
        // permissions: AWS requires "*" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html).
        role.addToPolicy(allow("ActionsWithoutResourceScoping", List.of("*"),
                "dynamodb:DescribeLimits", "cloudwatch:GetMetricData", "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:DescribeScalingPolicies"));
        role.addToPolicy(allow("ContributorInsightsRules", List.of(formatArn(ArnComponents.builder()
                        .service("cloudwatch").resource("insight-rule").resourceName("DynamoDBContributorInsights-*").build())),
                "cloudwatch:GetInsightRuleReport"));
        // A scalable target's ARN ends in an ID that Application Auto Scaling generates, not the table
        // name, so the finest scope IAM allows is this account and region's scalable targets.
        role.addToPolicy(allow("ScalableTargets", List.of(formatArn(ArnComponents.builder()
                        .service("application-autoscaling").resource("scalable-target").resourceName("*").build())),
                "application-autoscaling:RegisterScalableTarget"));
        // The queue is SQS-encrypted, so sending needs no KMS permission.
        role.addToPolicy(allow("ScheduleFollowUps", List.of(followUpQueue.getQueueArn()), "sqs:SendMessage"));
        role.addToPolicy(allow("Notify", List.of(notificationsTopic.getTopicArn()), "sns:Publish"));
        if (notificationsTopic instanceof Topic own && own.getMasterKey() != null) {
            role.addToPolicy(allow("NotifyEncrypted", List.of(own.getMasterKey().getKeyArn()),
                    "kms:GenerateDataKey", "kms:Decrypt"));
        }
    }

    private static void grantWatchedTables(Role role, int statement, List<String> tablesAndIndexes) {
        role.addToPolicy(allow(statement == 1 ? "WatchedTables" : "WatchedTables" + statement, tablesAndIndexes,
                "dynamodb:DescribeTable", "dynamodb:UpdateTable",
                "dynamodb:DescribeContributorInsights", "dynamodb:UpdateContributorInsights"));
    }

    /**
     * Reads on every table of the account and Region; writes only where the table carries the opt-in tag,
     * enforced by IAM on the resource tag, not only by the responder's own check.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/abac-example-use-cases.html
     */
    private void grantUnnamedTables(Role role, UnnamedTables unnamed) {
        List<String> everyTableAndIndex = List.of(everyTable(), everyTable() + "/index/*");
        role.addToPolicy(allow("AccountTablesRead", everyTableAndIndex,
                "dynamodb:DescribeTable", "dynamodb:DescribeContributorInsights", "dynamodb:ListTagsOfResource"));
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("OptedInTablesWrite")
                .effect(Effect.ALLOW)
                .actions(List.of("dynamodb:UpdateTable", "dynamodb:UpdateContributorInsights"))
                .resources(everyTableAndIndex)
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + unnamed.optInTagKey(), unnamed.optInTagValue())))
                .build());
        if (unnamed.contributorInsightsWithoutOptIn()) {
            role.addToPolicy(allow("AccountTablesContributorInsights", everyTableAndIndex,
                    "dynamodb:UpdateContributorInsights"));
        }
    }

    /** Every table of this account and Region: arn:...:table/*. */
    private String everyTable() {
        return formatArn(ArnComponents.builder().service("dynamodb").resource("table").resourceName("*").build());
    }

    private static PolicyStatement allow(String sid, List<String> resources, String... actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(List.of(actions))
                .resources(resources)
                .build();
    }

    /** Notifies people, not the responder: it cannot fix its own failures. */
    private void deadLetterAlarm(String id, IQueue queue, String signal, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(config.deploymentName() + "-" + signal)
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

    private void suppressJustifiedFindings() {
        for (ResponderFunction function : List.of(alarmHandler, followUpHandler)) {
            NagSuppressions.addResourceSuppressions(function.function(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-L1")
                    .reason("The handlers are built and SnapStart-tested for Java 21; moving to a newer runtime is a"
                            + " deliberate change of the functions build, not a synth-time default.")
                    .build()));
        }
        NagSuppressions.addResourceSuppressions(deadLetterQueue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter destination of the responder's failed invocations.")
                .build()));
        NagSuppressions.addResourceSuppressions(followUpDeadLetterQueue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue of the follow-up queue.")
                .build()));

        List<NagPackSuppression> responseWildcards = List.of(
                wildcardResource("Resource::*",
                        "Actions AWS allows on no narrower resource: dynamodb:DescribeLimits, cloudwatch:GetMetricData,"
                                + " application-autoscaling:DescribeScalableTargets and DescribeScalingPolicies, xray:PutTraceSegments and"
                                + " xray:PutTelemetryRecords (the last two added by active tracing)."),
                wildcardResource(RegexAppliesTo.builder().regex("/^Resource::arn:.*:dynamodb:.*:table\\/[^/]+\\/index\\/\\*$/g").build(),
                        "The GSIs of a watched table: the responder acts on the index named in the alarm's dimensions."),
                wildcardResource("Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:insight-rule/DynamoDBContributorInsights-*",
                        "DynamoDB names its Contributor Insights rules DynamoDBContributorInsights-<kind>-<table>-<timestamp>;"
                                + " the timestamp is only known at run time."),
                wildcardResource("Resource::arn:<AWS::Partition>:application-autoscaling:<AWS::Region>:<AWS::AccountId>:scalable-target/*",
                        "A scalable target's ARN ends in an ID Application Auto Scaling generates, not the table name."),
                wildcardResource("Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/*",
                        "watchAllTables: reads on every table of the account; writes only on tables carrying the opt-in"
                                + " tag, by the aws:ResourceTag condition of the OptedInTablesWrite statement."),
                wildcardResource("Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/*/index/*",
                        "watchAllTables: the GSIs of every table, on the same terms as the tables."));
        NagSuppressions.addResourceSuppressions(alarmHandler.role(), concat(responseWildcards,
                wildcardResource("Resource::arn:<AWS::Partition>:iam::*:role/aws-service-role/" + CONTRIBUTOR_INSIGHTS_SERVICE
                                + "/AWSServiceRoleForDynamoDBContributorInsights",
                        "Service-linked role ARNs are matched without an account; the action is further limited by"
                                + " iam:AWSServiceName to the Contributor Insights service.")),
                true);
        NagSuppressions.addResourceSuppressions(followUpHandler.role(), concat(responseWildcards,
                wildcardResource("Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:"
                                + config.deploymentName() + "-*",
                        "Read-only, and only on alarms named like this deployment's (<deploymentName>-...); the"
                                + " follow-up handler reads the state of the one alarm its message names.")),
                true);
    }

    private static List<NagPackSuppression> concat(List<NagPackSuppression> shared, NagPackSuppression own) {
        List<NagPackSuppression> all = new ArrayList<>(shared);
        all.add(own);
        return all;
    }

    private static NagPackSuppression wildcardResource(Object appliesTo, String reason) {
        return NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.of(appliesTo)).reason(reason).build();
    }

    private void outputs() {
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarmTopic.getTopicArn()).build();
        CfnOutput.Builder.create(this, "NotificationsTopicArn").value(notificationsTopic.getTopicArn()).build();
        CfnOutput.Builder.create(this, "ResponderFunctionName").value(alarmHandler.function().getFunctionName()).build();
        CfnOutput.Builder.create(this, "ResponderAliasArn").value(alarmHandler.alias().getFunctionArn()).build();
        CfnOutput.Builder.create(this, "LedgerTableName").value(ledger.getTableName()).build();
        CfnOutput.Builder.create(this, "DeadLetterQueueUrl").value(deadLetterQueue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "FollowUpFunctionName").value(followUpHandler.function().getFunctionName()).build();
        CfnOutput.Builder.create(this, "FollowUpQueueUrl").value(followUpQueue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "FollowUpDeadLetterQueueUrl").value(followUpDeadLetterQueue.getQueueUrl()).build();
    }
}
