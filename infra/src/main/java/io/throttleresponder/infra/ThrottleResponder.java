package io.throttleresponder.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.DynamoDbNames;
import io.throttleresponder.contract.FunctionEnvironment;
import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.contract.OptInTag;
import io.throttleresponder.contract.ResponderMetrics;
import io.throttleresponder.contract.Timeouts;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.Notifications;
import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.ResponderPolicy;
import io.throttleresponder.infra.config.SensorConfig;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.UnnamedTables;
import io.throttleresponder.infra.config.WatchedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.IStableListProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.ITable;
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
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
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
import software.constructs.IConstruct;

/**
 * The throttle responder as a construct for a team's own CDK app: the alarm topic that carries the
 * alarms to the responder, the responder and follow-up functions with their ledger, queues and
 * dead-letter queues, the notifications topic and the dashboard; then, for each table it is told to
 * {@link #watch}, the alarms of the table and its GSIs and the permission to act on them, and with
 * {@link #watchAllTables} account-wide alarms over every other table. Tables are referenced by name:
 * the construct never creates or changes them. The named tables' alarms past what one stack holds go
 * to nested stacks, each with a dashboard of its tables, wired to the same alarm topic.
 *
 * <pre>{@code
 * ThrottleResponder responder = ThrottleResponder.Builder.create(this, "Responder")
 *         .deploymentName("checkout-throttles")
 *         .notificationEmails(List.of("oncall@example.com"))
 *         .functionCode(FunctionCode.builtUnder(Path.of("throttle-responder")))
 *         .build();
 * responder.watch(ordersTable, WatchOptions.builder().build());
 * responder.watch("legacy-sessions", WatchOptions.builder().billingMode(BillingMode.PAY_PER_REQUEST).build());
 * responder.watchAllTables();
 * }</pre>
 *
 * <p>Everything that depends on the watched tables (alarms, IAM, the policy the functions read, the
 * dashboard) is built once, when the app is synthesized; watching after that is an error. A table of the
 * app needs a {@code tableName}: its alarms and permissions are named by it.
 */
public final class ThrottleResponder extends Construct {

    public static final String HANDLER = "io.throttleresponder.AlarmHandler::handleRequest";
    public static final String FOLLOW_UP_HANDLER = "io.throttleresponder.FollowUpHandler::handleRequest";
    public static final String ALIAS_NAME = "live";

    // The named tables' alarms fill the construct's stack, then nested stacks, each template within CloudFormation's
    // limits (DeployLimits) with a tenth of its bytes to spare for what the estimates miss.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    private static final long TEMPLATE_BYTES_USED = DeployLimits.MAX_TEMPLATE_BYTES * 9 / 10;
    /** A nested stack's own resources: its dashboard, and room. */
    private static final int NESTED_STACK_OWN_RESOURCES = 5;
    /** The construct's own resources (topics, key, functions, roles, queues, ledger, dashboard, ...), and room. */
    private static final int MAIN_STACK_OWN_RESOURCES = 60;
    /** Their bytes, and room: the example's main template is about 100 KB with its alarms. */
    private static final long MAIN_STACK_OWN_BYTES = 200_000;
    /** What a nested stack adds to the main template: its AWS::CloudFormation::Stack resource. */
    private static final long NESTED_STACK_RESOURCE_BYTES = 1_500;
    /** An account-wide Metrics Insights alarm, written, at most. */
    private static final long ACCOUNT_WIDE_ALARM_BYTES = 2_000;
    /** The named tables' ARNs per IAM statement, as written with ${AWS::...}, longer than the rendered ARNs. */
    static final int WATCHED_TABLE_ARN_CHARACTERS = 5800;
    /** The scalable dimensions of a DynamoDB table's and GSI's provisioned capacity, the only ones the responder registers. */
    static final List<String> DYNAMODB_SCALABLE_DIMENSIONS = List.of("dynamodb:table:ReadCapacityUnits",
            "dynamodb:table:WriteCapacityUnits", "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits");
    private static final String CONTRIBUTOR_INSIGHTS_SERVICE = "contributorinsights.dynamodb.amazonaws.com";
    private static final Duration ALARM_HANDLER_TIMEOUT = Duration.seconds(Timeouts.ALARM_HANDLER.toSeconds());
    private static final int FOLLOW_UP_BATCH_SIZE = 5;

    private ResponderConfig config;
    private final Thresholds defaultThresholds;
    private final List<String> defaultLatencyOperations;
    /** The tables watched by construct: their names, billing modes and GSIs are read when the app is synthesized. */
    private final List<Supplier<WatchedTable>> watched = new ArrayList<>();
    private boolean built;
    private final Topic alarmTopic;
    private final ITopic notificationsTopic;
    private final Table ledger;
    private final Queue deadLetterQueue;
    private final Queue followUpQueue;
    private final Queue followUpDeadLetterQueue;
    private final Code alarmFunctionCode;
    private final Code followUpFunctionCode;
    private final Map<String, String> functionEnvironment;
    /** Each table shape's template bytes, measured outside synthesis (see {@link AlarmFootprint#measuredOnly}). */
    private final AlarmFootprint footprint;
    private final ResponderFunction alarmHandler;
    private final ResponderFunction followUpHandler;

    /**
     * The JSON-config app's responder: every table of {@code config}, and every other with its
     * watchAllTables. Its id is "Default", which CDK leaves out of logical IDs, so the stack's resources
     * keep the IDs they had when the stack built them itself.
     */
    static ThrottleResponder of(Construct stack, ResponderConfig config, FunctionCode functionCode) {
        ThrottleResponder responder = new ThrottleResponder(stack, "Default", config, Thresholds.SEED,
                ConfigLoader.DEFAULT_LATENCY_OPERATIONS, functionCode);
        // Built now: the configuration is complete, so nothing waits for synth.
        responder.buildTables();
        return responder;
    }

    /**
     * @param config everything but the tables that {@link #watch} and {@link #watchAllTables} add
     * @param defaultThresholds and {@code defaultLatencyOperations}: those of a table watched without its own
     */
    private ThrottleResponder(Construct scope, String id, ResponderConfig config, Thresholds defaultThresholds,
                              List<String> defaultLatencyOperations, FunctionCode functionCode) {
        super(scope, id);
        this.config = config;
        this.defaultThresholds = defaultThresholds;
        this.defaultLatencyOperations = List.copyOf(defaultLatencyOperations);
        this.alarmFunctionCode = Code.fromAsset(functionCode.alarmFunction().toString());
        // One asset when both functions share an artifact: CDK stages each path once.
        this.followUpFunctionCode = functionCode.followUpFunction().equals(functionCode.alarmFunction())
                ? alarmFunctionCode : Code.fromAsset(functionCode.followUpFunction().toString());
        this.footprint = new AlarmFootprint(config.deploymentName(), config.sensor());
        // On a child of its own, not on this construct: jsii answers each aspect's visit with a nested call,
        // and visiting the thousands of alarms of a large app would overflow the stack.
        Construct buildsTables = new Construct(this, "BuildsTables");
        Aspects.of(buildsTables).add(new BuildTables(buildsTables));

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

        alarmTopic = topicForAlarms("AlarmTopic", "-alarms", " DynamoDB throttle alarms", topicKey);

        notificationsTopic = notificationsTopic(topicKey);

        ledger = Table.Builder.create(this, "Ledger")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(software.amazon.awscdk.services.dynamodb.BillingMode.PAY_PER_REQUEST)
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
                .visibilityTimeout(Duration.seconds(Timeouts.FOLLOW_UP_VISIBILITY.toSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(followUpDeadLetterQueue)
                        .maxReceiveCount(Timeouts.FOLLOW_UP_MAX_RECEIVES)
                        .build())
                .build();

        functionEnvironment = environment();

        // SNS invokes asynchronously: two retries, then the event waits in the queue for a person.
        alarmHandler = responderFunction("Responder", "LiveAlias", "alarm-handler", HANDLER, alarmFunctionCode,
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
                followUpFunctionCode,
                "Posts hot-key summaries and undoes the responder's changes after recovery, for the tables in "
                        + config.source().getFileName(),
                Duration.seconds(Timeouts.FOLLOW_UP_HANDLER.toSeconds()), AliasOptions.builder().build());
        followUpHandler.alias().addEventSource(SqsEventSource.Builder.create(followUpQueue)
                .batchSize(FOLLOW_UP_BATCH_SIZE)
                // One failing follow-up returns alone to the queue; the rest of its batch is not run again.
                .reportBatchItemFailures(true)
                .build());

        deadLetterAlarm("FailedInvocationsAlarm", deadLetterQueue, "responder-FailedInvocations",
                "The responder failed to handle an alarm three times; the alarm waits in queue "
                        + deadLetterQueue.getQueueName() + ". Nothing was done for it: read the responder's logs and"
                        + " act by hand.");
        deadLetterAlarm("FailedFollowUpsAlarm", followUpDeadLetterQueue, "follow-up-FailedMessages",
                "A hot-key summary or recovery failed %d times; its message waits in queue %s. Read the follow-up handler's"
                        .formatted(Timeouts.FOLLOW_UP_MAX_RECEIVES, followUpDeadLetterQueue.getQueueName())
                        + " logs, then replay the message to the follow-up queue or act by hand (docs/deploy.md).");
        outputs();
    }

    /**
     * Builds what depends on the watched tables, once, when the app is synthesized: by then every
     * {@link #watch} and {@link #watchAllTables} has been called.
     */
    private final class BuildTables implements IAspect {
        private final IConstruct marker;

        BuildTables(IConstruct marker) {
            this.marker = marker;
        }

        @Override
        public void visit(IConstruct node) {
            if (node == marker) {
                footprint.measuredOnly();
                buildTables();
            }
        }
    }

    /**
     * Watches a table of this app or one imported: alarms on it and its GSIs, and the permission to act on
     * it. Its name must be known when the app is synthesized: a table of this app needs a {@code tableName}.
     */
    public ThrottleResponder watch(ITable table, WatchOptions options) {
        requireNotBuilt();
        Supplier<WatchedTable> watchedTable = () -> options.toWatchedTable(CdkTables.name(table),
                options.billingMode != null ? options.billingMode : CdkTables.billingMode(table),
                options.indexes != null ? options.indexes : CdkTables.indexes(table), defaultThresholds, defaultLatencyOperations);
        watched.add(watchedTable);
        try {
            footprint.measureAhead(watchedTable.get());
        } catch (IllegalArgumentException notKnownYet) {
            // Its name is not known yet: the synthesis says so, or estimates its bytes if the name comes later.
        }
        return this;
    }

    /** Watches a table by name; {@link WatchOptions.Builder#billingMode} says how it is billed. */
    public ThrottleResponder watch(String tableName, WatchOptions options) {
        requireNotBuilt();
        WatchedTable table = options.toWatchedTable(tableName,
                options.billingMode != null ? options.billingMode : BillingMode.PROVISIONED,
                options.indexes != null ? options.indexes : List.of(), defaultThresholds, defaultLatencyOperations);
        watched.add(() -> table);
        footprint.measureAhead(table);
        return this;
    }

    /** Also watches every other table of the account and Region, with the default opt-in tag. */
    public ThrottleResponder watchAllTables() {
        return watchAllTables(OptInTag.DEFAULT_KEY, OptInTag.DEFAULT_VALUE, false);
    }

    /**
     * Also watches every other table of the account and Region with account-wide Metrics Insights alarms,
     * changing one only when it carries the tag {@code optInTagKey} = {@code optInTagValue}.
     *
     * @param contributorInsightsWithoutOptIn whether a table without the tag may still get Contributor Insights
     */
    public ThrottleResponder watchAllTables(String optInTagKey, String optInTagValue, boolean contributorInsightsWithoutOptIn) {
        requireNotBuilt();
        config = config.withUnnamedTables(
                new UnnamedTables(optInTagKey, optInTagValue, contributorInsightsWithoutOptIn, defaultThresholds));
        return this;
    }

    private void requireNotBuilt() {
        if (built) {
            throw new IllegalStateException("ThrottleResponder " + getNode().getPath() + ": its tables are already built");
        }
    }

    private void buildTables() {
        if (built) {
            return;
        }
        built = true;
        if (!watched.isEmpty()) {
            List<WatchedTable> tables = new ArrayList<>(config.tables());
            watched.forEach(table -> tables.add(table.get()));
            Set<String> names = new HashSet<>();
            for (WatchedTable table : tables) {
                if (!names.add(table.name())) {
                    throw new IllegalArgumentException("table " + table.name() + " is watched twice");
                }
                Stream.concat(Stream.of(table.name()), table.indexes().stream()).filter(name -> !DynamoDbNames.isValid(name))
                        .findFirst().ifPresent(name -> {
                            throw new IllegalArgumentException("\"" + name + "\" (table " + table.name()
                                    + ") is not a DynamoDB table or index name: 3-255 of a-z A-Z 0-9 _ . -");
                        });
            }
            config = config.withTables(tables);
        }
        policyLayer(ResponderPolicy.toJson(config));
        List<List<WatchedTable>> alarmGroups = alarmGroups(config.tables(), footprint,
                config.unnamedTables().isEmpty() ? 0 : AccountWideAlarms.count());

        grantAlarmHandlerPermissions(alarmHandler.role());
        grantFollowUpHandlerPermissions(followUpHandler.role());

        List<Alarm> alarms = new ArrayList<>(
                new DynamoDbAlarms(this, "DynamoDbAlarms", config.deploymentName(), alarmGroups.get(0), alarmTopic,
                        config.sensor()).alarms());
        config.unnamedTables().ifPresent(unnamed ->
                alarms.addAll(new AccountWideAlarms(this, "AccountWideAlarms", config, unnamed, alarmTopic).alarms()));
        for (int group = 1; group < alarmGroups.size(); group++) {
            // Numbered from 2: the main stack holds the first group. The topic's ARN reaches them as a parameter.
            NestedStack nested = new NestedStack(this, "TableAlarms" + (group + 1), NestedStackProps.builder()
                    .description(config.deploymentName() + ": alarms of " + alarmGroups.get(group).size() + " more tables")
                    .build());
            List<Alarm> nestedAlarms = new DynamoDbAlarms(nested, "DynamoDbAlarms", config.deploymentName(),
                    alarmGroups.get(group), alarmTopic, config.sensor()).alarms();
            ResponderDashboard.forTables(nested, "Dashboard", config.deploymentName() + "-tables-" + (group + 1),
                    alarmGroups.get(group), nestedAlarms);
        }
        new ResponderDashboard(this, "Dashboard", config, ResponderMetrics.NAMESPACE, alarmGroups.get(0), alarms, alarmHandler.function(),
                deadLetterQueue, new ResponderDashboard.FollowUps(followUpHandler.function(), followUpQueue, followUpDeadLetterQueue));

        suppressJustifiedFindings();
    }

    /** What one template may still take of the named tables' alarms. */
    record Budget(int resources, long bytes) {
    }

    /**
     * The named tables cut into groups, the first for the main stack, each other for a nested stack, every template
     * within CloudFormation's limits: the main stack's room is what its own resources, the watched tables' IAM
     * grants, the account-wide alarms and the nested stacks' resources leave.
     */
    static List<List<WatchedTable>> alarmGroups(List<WatchedTable> tables, AlarmFootprint footprint, int accountWideAlarms) {
        Budget nested = new Budget(DeployLimits.MAX_RESOURCES - NESTED_STACK_OWN_RESOURCES, TEMPLATE_BYTES_USED);
        long grants = tables.stream().mapToLong(ThrottleResponder::mainStackBytesOf).sum();
        int nestedStacks = 0;
        while (true) {
            Budget main = new Budget(DeployLimits.MAX_RESOURCES - MAIN_STACK_OWN_RESOURCES
                    - 2 * DeployLimits.MAX_MANAGED_POLICIES_PER_ROLE - accountWideAlarms - nestedStacks,
                    TEMPLATE_BYTES_USED - MAIN_STACK_OWN_BYTES - grants - accountWideAlarms * ACCOUNT_WIDE_ALARM_BYTES
                            - nestedStacks * NESTED_STACK_RESOURCE_BYTES);
            List<List<WatchedTable>> groups = alarmGroups(tables, main, nested, footprint::resources, footprint::bytes);
            if (groups.size() - 1 <= nestedStacks) {
                return groups;
            }
            nestedStacks = groups.size() - 1;
        }
    }

    /**
     * What a named table adds to the main template besides its alarms: its table and index ARNs in both roles'
     * WatchedTables statements, as Fn::Sub strings of about 100 characters and the name, written with indents.
     */
    private static long mainStackBytesOf(WatchedTable table) {
        return 4L * (130 + table.name().length());
    }

    /**
     * The named tables in file order, cut into groups of whole tables: the first within {@code first} (the main
     * stack's), the others within {@code others} (one nested stack each). A table keeps its group while tables are
     * only appended. One that moves to another group (a table removed or reordered before it, or GSIs added) has its
     * alarms written by the new stack and then deleted by the old one's cleanup, under the same names:
     * docs/deploy.md says to move tables in two deploys.
     */
    static List<List<WatchedTable>> alarmGroups(List<WatchedTable> tables, Budget first, Budget others,
                                                ToIntFunction<WatchedTable> resourcesOf, ToLongFunction<WatchedTable> bytesOf) {
        List<List<WatchedTable>> groups = new ArrayList<>();
        List<WatchedTable> current = new ArrayList<>();
        int resources = 0;
        long bytes = 0;
        Budget budget = first;
        for (WatchedTable table : tables) {
            int neededResources = resourcesOf.applyAsInt(table);
            long neededBytes = bytesOf.applyAsLong(table);
            if (resources + neededResources > budget.resources() || bytes + neededBytes > budget.bytes()) {
                if (!current.isEmpty() || budget == first) {
                    groups.add(current);
                    current = new ArrayList<>();
                }
                resources = 0;
                bytes = 0;
                budget = others;
            }
            current.add(table);
            resources += neededResources;
            bytes += neededBytes;
        }
        groups.add(current);
        return groups;
    }

    /**
     * The policy the functions read, in a layer of its own: a file has no size limit that matters here, where
     * Lambda's 4 KB for all environment variables held the policy of only a few dozen named tables
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html). Lambda extracts a layer under /opt,
     * where RESPONDER_POLICY_FILE names it; a changed policy is a new layer version, so a new function version.
     * https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
     */
    private void policyLayer(String policy) {
        Path content;
        try {
            content = Files.createTempDirectory("throttle-responder-policy");
            Path directory = Files.createDirectories(content.resolve(FunctionEnvironment.POLICY_LAYER_DIRECTORY));
            Files.writeString(directory.resolve(Path.of(FunctionEnvironment.POLICY_LAYER_FILE).getFileName()), policy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the responder policy for its layer", e);
        }
        LayerVersion layer = LayerVersion.Builder.create(this, "PolicyLayer")
                .description(config.deploymentName() + ": the responder policy the functions read, from "
                        + config.source().getFileName())
                .code(Code.fromAsset(content.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .build();
        for (ResponderFunction function : List.of(alarmHandler, followUpHandler)) {
            function.function().addLayers(layer);
            function.function().addEnvironment(FunctionEnvironment.RESPONDER_POLICY_FILE, FunctionEnvironment.POLICY_LAYER_FILE);
        }
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
     * A function from its own jar ({@code code}), built the same way as its sibling: Java 21 on arm64, SnapStart on
     * the published version behind the {@value #ALIAS_NAME} alias, active tracing, its own role and
     * 30-day log group, and the shared environment. {@code invocation} gives the alias's asynchronous
     * invocation settings: retries, maximum event age and failure destination.
     */
    private ResponderFunction responderFunction(String id, String aliasId, String nameSuffix, String handler, Code code,
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
                .code(code)
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
        dependOnlyOnThePoliciesOf(role, (CfnFunction) function.getNode().getDefaultChild());

        Alias alias = Alias.Builder.create(this, aliasId)
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(invocation.getRetryAttempts())
                .maxEventAge(invocation.getMaxEventAge())
                .onFailure(invocation.getOnFailure())
                .build();
        return new ResponderFunction(function, role, alias);
    }

    /**
     * The function names its role (Fn::GetAtt), which already orders it after the role, so CDK's DependsOn on the role
     * is redundant (cfn-lint W3005); the role's policies (the default one and any CDK spills into managed policies)
     * are named by nothing the function holds and stay in DependsOn, so the function never runs without them.
     */
    private static void dependOnlyOnThePoliciesOf(Role role, CfnFunction function) {
        IConstruct cfnRole = role.getNode().getDefaultChild();
        function.addOverride("DependsOn", Lazy.list(new IStableListProducer() {
            @Override
            public List<String> produce() {
                return role.getNode().findAll().stream()
                        .filter(child -> child instanceof CfnResource && child != cfnRole)
                        .map(child -> ((CfnResource) child).getLogicalId())
                        .toList();
            }
        }));
    }

    private ITopic notificationsTopic(Key topicKey) {
        ITopic topic;
        if (config.notifications().chatTopicArn().isPresent()) {
            // The chat channel already watches this topic; publishing there reaches chat and e-mail alike.
            topic = Topic.fromTopicArn(this, "NotificationsTopic", config.notifications().chatTopicArn().get());
        } else {
            topic = topicForAlarms("NotificationsTopic", "-notifications", " incidents", topicKey);
        }
        config.notifications().emails().forEach(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }

    /** A topic of this deployment, KMS-encrypted and TLS-only, that its alarms may publish to. */
    private Topic topicForAlarms(String id, String nameSuffix, String displaySuffix, Key topicKey) {
        Topic topic = Topic.Builder.create(this, id)
                .topicName(config.deploymentName() + nameSuffix)
                .displayName(config.deploymentName() + displaySuffix)
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        allowCloudWatchAlarmsToPublish(topic);
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
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("cloudwatch")
                .resource("alarm")
                .resourceName(config.deploymentName() + "-*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    /** The same for both functions: docs/contracts.md requires FOLLOW_UP_QUEUE_URL of the follow-up handler and lets the alarm handler use it. */
    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(FunctionEnvironment.LEDGER_TABLE_NAME, ledger.getTableName());
        environment.put(FunctionEnvironment.NOTIFICATIONS_TOPIC_ARN, notificationsTopic.getTopicArn());
        // The responder answers only its own account's alarms; the deploying account is known at deploy time.
        environment.put(FunctionEnvironment.RESPONDER_ACCOUNT_ID, Stack.of(this).getAccount());
        // The dashboard is named after the deployment (ResponderDashboard): the messages link to it.
        environment.put(FunctionEnvironment.DASHBOARD_NAME, config.deploymentName());
        config.notifications().runbookUrl().ifPresent(url -> environment.put(FunctionEnvironment.RUNBOOK_URL, url));
        environment.put(FunctionEnvironment.FOLLOW_UP_QUEUE_URL, followUpQueue.getQueueUrl());
        environment.put("POWERTOOLS_SERVICE_NAME", config.deploymentName());
        environment.put("POWERTOOLS_METRICS_NAMESPACE", ResponderMetrics.NAMESPACE);
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
        // A summary repeats only while its alarm is still in ALARM, and a recovery waits for OK: a Metrics
        // Insights contributor's state is read from its alarm's contributors in ALARM. An alarm still in ALARM
        // when the metrics show the incident over is set back to OK (QuietWatch), so the next incident is heard.
        role.addToPolicy(allow("ThisDeploymentsAlarms", List.of(thisDeploymentsAlarms()), "cloudwatch:DescribeAlarms",
                "cloudwatch:DescribeAlarmContributors", "cloudwatch:SetAlarmState"));
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
        config.sensor().filter(sensor -> !sensor.logGroups().isEmpty()).ifPresent(sensor -> grantApplicationLogs(role, sensor));
        role.addToPolicy(allow("ContributorInsightsRules", List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("cloudwatch").resource("insight-rule").resourceName("DynamoDBContributorInsights-*").build())),
                "cloudwatch:GetInsightRuleReport"));
        // A scalable target's ARN ends in an ID that Application Auto Scaling generates, not the table
        // name, so the finest resource scope IAM allows is this account and region's scalable targets; the
        // request's service namespace and scalable dimension narrow it to DynamoDB's capacity, so no other
        // service's targets (ECS, Lambda, SageMaker) can be changed
        // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html).
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ScalableTargets")
                .effect(Effect.ALLOW)
                .actions(List.of("application-autoscaling:RegisterScalableTarget"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("application-autoscaling").resource("scalable-target").resourceName("*").build())))
                .conditions(Map.of("StringEquals", Map.of(
                        "application-autoscaling:service-namespace", "dynamodb",
                        "application-autoscaling:scalable-dimension", DYNAMODB_SCALABLE_DIMENSIONS)))
                .build());
        // The same scope for the scaling policies the responder tunes and puts back, and DynamoDB's only: the
        // action takes the application-autoscaling:service-namespace condition key
        // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html).
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ScalingPolicies")
                .effect(Effect.ALLOW)
                .actions(List.of("application-autoscaling:PutScalingPolicy"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("application-autoscaling").resource("scalable-target").resourceName("*").build())))
                .conditions(Map.of("StringEquals", Map.of("application-autoscaling:service-namespace", "dynamodb")))
                .build());
        // The queue is SQS-encrypted, so sending needs no KMS permission.
        role.addToPolicy(allow("ScheduleFollowUps", List.of(followUpQueue.getQueueArn()), "sqs:SendMessage"));
        role.addToPolicy(allow("Notify", List.of(notificationsTopic.getTopicArn()), "sns:Publish"));
        if (notificationsTopic instanceof Topic own && own.getMasterKey() != null) {
            role.addToPolicy(allow("NotifyEncrypted", List.of(own.getMasterKey().getKeyArn()),
                    "kms:GenerateDataKey", "kms:Decrypt"));
        }
    }

    /**
     * Logs Insights over the applications' log groups only. StartQuery and GetQueryResults are scoped to the
     * log groups (the Service Authorization Reference lists log-group as their required resource); StopQuery
     * supports no resource-level permission, so AWS requires "*" for it alone
     * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
     */
    private void grantApplicationLogs(Role role, SensorConfig sensor) {
        List<String> logGroups = new ArrayList<>();
        for (String name : sensor.logGroups()) {
            String arn = Stack.of(this).formatArn(ArnComponents.builder().service("logs").resource("log-group")
                    .resourceName(name).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
            logGroups.add(arn);
            logGroups.add(arn + ":*");
        }
        role.addToPolicy(allow("ApplicationLogGroups", logGroups, "logs:StartQuery", "logs:GetQueryResults"));
        role.addToPolicy(allow("ApplicationLogQueries", List.of("*"), "logs:StopQuery"));
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
        return Stack.of(this).formatArn(ArnComponents.builder().service("dynamodb").resource("table").resourceName("*").build());
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
                                + " xray:PutTelemetryRecords (the last two added by active tracing), and with the sensor's log"
                                + " groups logs:StopQuery, which takes the ID of a query the role started."),
                wildcardResource(RegexAppliesTo.builder().regex("/^Resource::arn:.*:logs:.*:log-group:.*:\\*$/g").build(),
                        "The log streams of a log group the sensor configuration names, as Logs Insights reads them."),
                wildcardResource(RegexAppliesTo.builder().regex("/^Resource::arn:.*:dynamodb:.*:table\\/[^/]+\\/index\\/\\*$/g").build(),
                        "The GSIs of a watched table: the responder acts on the index named in the alarm's dimensions."),
                wildcardResource("Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:insight-rule/DynamoDBContributorInsights-*",
                        "DynamoDB names its Contributor Insights rules DynamoDBContributorInsights-<kind>-<table>-<timestamp>;"
                                + " the timestamp is only known at run time."),
                wildcardResource("Resource::arn:<AWS::Partition>:application-autoscaling:<AWS::Region>:<AWS::AccountId>:scalable-target/*",
                        "A scalable target's ARN ends in an ID Application Auto Scaling generates, not the table name;"
                                + " the statement's conditions allow only DynamoDB's namespace and capacity dimensions."),
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

    /** Builds a {@link ThrottleResponder}; the defaults are those of the JSON configuration's keys. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private String deploymentName = ConfigLoader.DEFAULT_DEPLOYMENT_NAME;
        private boolean dryRun;
        private boolean killSwitch;
        private List<String> notificationEmails = List.of();
        private String chatTopicArn;
        private String runbookUrl;
        private Thresholds defaultThresholds = Thresholds.SEED;
        private List<String> defaultLatencyOperations = ConfigLoader.DEFAULT_LATENCY_OPERATIONS;
        private Map<String, Object> defaultPolicy = Map.of();
        private FunctionCode functionCode = FunctionCode.builtUnder(Path.of(""));
        private SensorConfig sensor;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /**
         * The prefix of every alarm, topic, queue, function and dashboard name: 1-40 letters, digits or '-'.
         *
         * @default "throttle-responder"
         */
        public Builder deploymentName(String value) { this.deploymentName = value; return this; }

        /**
         * Diagnose, record and notify, but change no table.
         *
         * @default false
         */
        public Builder dryRun(boolean value) { this.dryRun = value; return this; }

        /**
         * Diagnose, plan, record and notify, but change nothing, until a deploy sets it back (the operator
         * CLI's pause stops it without a deploy).
         *
         * @default false
         */
        public Builder killSwitch(boolean value) { this.killSwitch = value; return this; }

        /**
         * Addresses subscribed to the notifications topic. Name these or a {@link #chatTopicArn}.
         *
         * @default none
         */
        public Builder notificationEmails(List<String> value) { this.notificationEmails = List.copyOf(value); return this; }

        /**
         * An existing SNS topic an Amazon Q Developer chat channel watches; the responder publishes there.
         *
         * @default none: the construct creates its own KMS-encrypted notifications topic
         */
        public Builder chatTopicArn(String value) { this.chatTopicArn = value; return this; }

        /**
         * The team's runbook (https), linked from every incident message.
         *
         * @default none
         */
        public Builder runbookUrl(String value) { this.runbookUrl = value; return this; }

        /**
         * The alarm thresholds of a table watched without its own, and of the account-wide alarms.
         *
         * @default 50 throttle events a minute, 80 % utilization, 50 ms latency
         */
        public Builder defaultThresholds(Thresholds value) { this.defaultThresholds = value; return this; }

        /**
         * The operations whose average latency is alarmed on, for a table watched without its own.
         *
         * @default GetItem, Query, PutItem
         */
        public Builder defaultLatencyOperations(List<String> value) { this.defaultLatencyOperations = List.copyOf(value); return this; }

        /**
         * Responder policy keys for every table (docs/contracts.md, {@code defaults}).
         *
         * @default the responder's own defaults
         */
        public Builder defaultPolicy(Map<String, Object> value) { this.defaultPolicy = Map.copyOf(value); return this; }

        /**
         * Each function's jar.
         *
         * @default functions/target/alarm-function.jar and functions/target/followup-function.jar, relative to the
         *          working directory
         */
        public Builder functionCode(FunctionCode value) { this.functionCode = value; return this; }

        /** One artifact for both functions (a jar holding both handlers). */
        public Builder functionCode(Path value) { return functionCode(FunctionCode.shared(value)); }

        /**
         * Alarms within 10 seconds on the client sensor's metric in {@code namespace}, and the hot keys of its
         * lines in {@code logGroups} (at most 10; none: alarms only) in the first incident message.
         * @default no sensor alarms
         */
        public Builder sensor(String namespace, List<String> logGroups) {
            if (!SensorMetrics.isValidNamespace(namespace)) {
                throw new IllegalArgumentException("ThrottleResponder " + id + ": sensor namespace \"" + namespace
                        + "\" is not a custom CloudWatch namespace");
            }
            logGroups.stream().filter(name -> !SensorMetrics.isValidLogGroupName(name)).findFirst().ifPresent(name -> {
                throw new IllegalArgumentException("ThrottleResponder " + id + ": \"" + name + "\" is not a log group name");
            });
            if (logGroups.size() > SensorMetrics.MAX_LOG_GROUPS) {
                throw new IllegalArgumentException("ThrottleResponder " + id + ": " + logGroups.size()
                        + " sensor log groups; one Logs Insights query reads at most " + SensorMetrics.MAX_LOG_GROUPS);
            }
            this.sensor = new SensorConfig(namespace, logGroups);
            return this;
        }

        public ThrottleResponder build() {
            if (notificationEmails.isEmpty() && chatTopicArn == null) {
                throw new IllegalArgumentException("ThrottleResponder " + id + ": name notificationEmails or a chatTopicArn,"
                        + " or nobody hears what the responder did");
            }
            if (!deploymentName.matches("[A-Za-z][A-Za-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("ThrottleResponder " + id + ": deploymentName \"" + deploymentName
                        + "\" is not 1-40 letters, digits or '-', starting with a letter");
            }
            ResponderConfig config = new ResponderConfig(Path.of(id), deploymentName, dryRun, killSwitch,
                    new Notifications(notificationEmails, Optional.ofNullable(chatTopicArn), Optional.ofNullable(runbookUrl)),
                    defaultPolicy, List.of(), Optional.empty(), Optional.ofNullable(sensor));
            return new ThrottleResponder(scope, id, config, defaultThresholds, defaultLatencyOperations, functionCode);
        }
    }

    /** How one table is watched; every option has the responder's default. */
    public static final class WatchOptions {
        private final BillingMode billingMode;
        private final List<String> indexes;
        private final Thresholds thresholds;
        private final List<String> latencyOperations;
        private final Map<String, Object> policy;

        private WatchOptions(Builder builder) {
            this.billingMode = builder.billingMode;
            this.indexes = builder.indexes;
            this.thresholds = builder.thresholds;
            this.latencyOperations = builder.latencyOperations;
            this.policy = builder.policy;
        }

        public static Builder builder() {
            return new Builder();
        }

        WatchedTable toWatchedTable(String name, BillingMode mode, List<String> tableIndexes, Thresholds defaultThresholds,
                                    List<String> defaultOperations) {
            return new WatchedTable(name, mode, tableIndexes, thresholds != null ? thresholds : defaultThresholds,
                    latencyOperations != null ? latencyOperations : defaultOperations, policy);
        }

        public static final class Builder {
            private BillingMode billingMode;
            private List<String> indexes;
            private Thresholds thresholds;
            private List<String> latencyOperations;
            private Map<String, Object> policy = Map.of();

            private Builder() {}

            /**
             * How the table is billed, which decides its capacity alarms.
             *
             * @default the Table's own billing mode; PROVISIONED for a table named by string
             */
            public Builder billingMode(BillingMode value) { this.billingMode = value; return this; }

            /**
             * The GSIs to watch, by name.
             *
             * @default every GSI the Table declares; none for a table named by string
             */
            public Builder indexes(List<String> value) { this.indexes = List.copyOf(value); return this; }

            /**
             * This table's alarm thresholds.
             *
             * @default the responder's default thresholds
             */
            public Builder thresholds(Thresholds value) { this.thresholds = value; return this; }

            /**
             * The operations whose average latency is alarmed on.
             *
             * @default the responder's default latency operations
             */
            public Builder latencyOperations(List<String> value) { this.latencyOperations = List.copyOf(value); return this; }

            /**
             * This table's responder policy keys, over the defaults (docs/contracts.md).
             *
             * @default none
             */
            public Builder policy(Map<String, Object> value) { this.policy = Map.copyOf(value); return this; }

            public WatchOptions build() {
                return new WatchOptions(this);
            }
        }
    }
}
