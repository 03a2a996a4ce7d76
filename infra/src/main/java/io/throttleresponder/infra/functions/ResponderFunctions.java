package io.throttleresponder.infra.functions;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.throttleresponder.contract.FunctionEnvironment;
import io.throttleresponder.contract.ResponderMetrics;
import io.throttleresponder.contract.Timeouts;
import io.throttleresponder.infra.FunctionCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IStableListProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
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
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The segment of the two functions, the only place a function is defined and its code chosen: the alarm
 * handler (ids ResponderLogs, ResponderRole, Responder, LiveAlias in the given scope), subscribed to the alarm
 * topic, and the follow-up handler (FollowUpLogs, FollowUpRole, FollowUp, FollowUpLiveAlias), fed by the
 * follow-up queue; then the policy layer both read ({@link #addPolicyLayer}).
 */
public final class ResponderFunctions {

    public static final String HANDLER = "io.throttleresponder.AlarmHandler::handleRequest";
    public static final String FOLLOW_UP_HANDLER = "io.throttleresponder.FollowUpHandler::handleRequest";
    public static final String ALIAS_NAME = "live";

    private static final Duration ALARM_HANDLER_TIMEOUT = Duration.seconds(Timeouts.ALARM_HANDLER.toSeconds());
    private static final Duration FOLLOW_UP_HANDLER_TIMEOUT = Duration.seconds(Timeouts.FOLLOW_UP_HANDLER.toSeconds());
    /** Lambda gives CPU in proportion to memory; 1024 MB makes the JVM's class loading and the SDK clients' start
     * fast enough, and SnapStart restores from that snapshot. */
    private static final int MEMORY_MB = 1024;
    private static final int FOLLOW_UP_BATCH_SIZE = 5;

    /**
     * @param deploymentName the prefix of the functions' names (and so of their log groups), the Powertools service name
     * @param configFile the configuration file's name, or the construct's id, named in the descriptions
     * @param functionCode each function's jar (the construct's default: functions/target/alarm-function.jar and
     *     functions/target/followup-function.jar)
     * @param runbookUrl linked from every incident message (default: none)
     * @param ledger where the functions record what they did
     * @param alarmTopic the topic whose alarms the alarm handler answers
     * @param notificationsTopic where the functions publish
     * @param queues the follow-up queue and the dead-letter queues
     */
    public record Props(String deploymentName, Path configFile, FunctionCode functionCode, Optional<String> runbookUrl,
                        ITable ledger, ITopic alarmTopic, ITopic notificationsTopic, ResponderQueues queues) {
    }

    private final Construct scope;
    private final Props props;
    private final Code alarmFunctionCode;
    private final Code followUpFunctionCode;
    private final Map<String, String> environment;
    private final ResponderFunction alarmHandler;
    private final ResponderFunction followUpHandler;

    public ResponderFunctions(Construct scope, Props props) {
        this.scope = scope;
        this.props = props;
        this.alarmFunctionCode = Code.fromAsset(props.functionCode().alarmFunction().toString());
        // One asset when both functions share an artifact: CDK stages each path once.
        this.followUpFunctionCode = props.functionCode().followUpFunction().equals(props.functionCode().alarmFunction())
                ? alarmFunctionCode : Code.fromAsset(props.functionCode().followUpFunction().toString());
        this.environment = environment();

        // SNS invokes asynchronously: two retries, then the event waits in the queue for a person.
        alarmHandler = function("Responder", "LiveAlias", "alarm-handler", HANDLER, alarmFunctionCode,
                "Answers DynamoDB throttle alarms for the tables in " + props.configFile().getFileName(),
                ALARM_HANDLER_TIMEOUT, AliasOptions.builder()
                        .retryAttempts(2)
                        // An alarm older than an hour describes a table that has changed since; a person should look instead.
                        .maxEventAge(Duration.hours(1))
                        .onFailure(new SqsDestination(props.queues().deadLetterQueue()))
                        .build());
        Subscription responderSubscription = props.alarmTopic().addSubscription(new LambdaSubscription(alarmHandler.alias()));
        Validations.of(responderSubscription).acknowledge(Acknowledgment.builder()
                .id("CloudFormation-Validate::W3694")
                .reason("SNS accepts a Lambda alias ARN as a lambda-protocol endpoint; the alias is what SnapStart runs")
                .build());

        // No asynchronous-invocation settings: only the SQS event source invokes it, and a message that keeps
        // failing moves to the follow-up queue's dead-letter queue.
        followUpHandler = function("FollowUp", "FollowUpLiveAlias", "follow-up-handler", FOLLOW_UP_HANDLER,
                followUpFunctionCode,
                "Posts hot-key summaries and undoes the responder's changes after recovery, for the tables in "
                        + props.configFile().getFileName(),
                FOLLOW_UP_HANDLER_TIMEOUT, AliasOptions.builder().build());
        followUpHandler.alias().addEventSource(SqsEventSource.Builder.create(props.queues().followUpQueue())
                .batchSize(FOLLOW_UP_BATCH_SIZE)
                // One failing follow-up returns alone to the queue; the rest of its batch is not run again.
                .reportBatchItemFailures(true)
                .build());
    }

    /** The function SNS invokes with each alarm. */
    public ResponderFunction alarmHandler() {
        return alarmHandler;
    }

    /** The function the follow-up queue invokes with the summaries and recoveries due. */
    public ResponderFunction followUpHandler() {
        return followUpHandler;
    }

    /**
     * The policy the functions read, in a layer of its own (id PolicyLayer): a file has no size limit that matters
     * here, where Lambda's 4 KB for all environment variables held the policy of only a few dozen named tables
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html). Lambda extracts a layer under /opt,
     * where RESPONDER_POLICY_FILE names it; a changed policy is a new layer version, so a new function version.
     * https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
     */
    public void addPolicyLayer(String policy) {
        Path content;
        try {
            content = Files.createTempDirectory("throttle-responder-policy");
            Path directory = Files.createDirectories(content.resolve(FunctionEnvironment.POLICY_LAYER_DIRECTORY));
            Path file = Files.writeString(directory.resolve(Path.of(FunctionEnvironment.POLICY_LAYER_FILE).getFileName()), policy);
            // The asset is copied into the cloud assembly when the layer is built, and read from here when staging is
            // off (SAM's local invoke): kept until the app's JVM exits, then removed, so synths leave nothing behind.
            // deleteOnExit deletes in the reverse order of registration: the file, then its directories.
            content.toFile().deleteOnExit();
            directory.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the responder policy for its layer", e);
        }
        LayerVersion layer = LayerVersion.Builder.create(scope, "PolicyLayer")
                .description(props.deploymentName() + ": the responder policy the functions read, from "
                        + props.configFile().getFileName())
                .code(Code.fromAsset(content.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .build();
        for (ResponderFunction function : List.of(alarmHandler, followUpHandler)) {
            function.function().addLayers(layer);
            function.function().addEnvironment(FunctionEnvironment.RESPONDER_POLICY_FILE, FunctionEnvironment.POLICY_LAYER_FILE);
        }
    }

    /** cdk-nag's findings the functions answer by a deliberate choice. */
    public void suppressJustifiedFindings() {
        for (ResponderFunction function : List.of(alarmHandler, followUpHandler)) {
            NagSuppressions.addResourceSuppressions(function.function(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-L1")
                    .reason("The handlers are built and SnapStart-tested for Java 21; moving to a newer runtime is a"
                            + " deliberate change of the functions build, not a synth-time default.")
                    .build()));
        }
    }

    /**
     * A function from its own jar ({@code code}), built the same way as its sibling: Java 21 on arm64, SnapStart on
     * the published version behind the {@value #ALIAS_NAME} alias, active tracing, its own role and
     * 30-day log group, and the shared environment. {@code invocation} gives the alias's asynchronous
     * invocation settings: retries, maximum event age and failure destination.
     */
    private ResponderFunction function(String id, String aliasId, String nameSuffix, String handler, Code code,
                                       String description, Duration timeout, AliasOptions invocation) {
        String functionName = props.deploymentName() + "-" + nameSuffix;
        LogGroup logGroup = LogGroup.Builder.create(scope, id + "Logs")
                .logGroupName("/aws/lambda/" + functionName)
                .retention(RetentionDays.ONE_MONTH)
                .build();
        Role role = Role.Builder.create(scope, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.deploymentName() + ": runs " + functionName + "; acts only on the watched tables")
                .build();
        logGroup.grantWrite(role);

        Function function = Function.Builder.create(scope, id)
                .functionName(functionName)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(code)
                .memorySize(MEMORY_MB)
                .timeout(timeout)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .role(role)
                .logGroup(logGroup)
                .environment(environment)
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The " + ALIAS_NAME + " alias publishes the version SnapStart snapshots");
        dependOnlyOnThePoliciesOf(role, (CfnFunction) function.getNode().getDefaultChild());

        Alias alias = Alias.Builder.create(scope, aliasId)
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

    /** The same for both functions: docs/contracts.md requires FOLLOW_UP_QUEUE_URL of the follow-up handler and lets the alarm handler use it. */
    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(FunctionEnvironment.LEDGER_TABLE_NAME, props.ledger().getTableName());
        environment.put(FunctionEnvironment.NOTIFICATIONS_TOPIC_ARN, props.notificationsTopic().getTopicArn());
        // The responder answers only its own account's alarms; the deploying account is known at deploy time.
        environment.put(FunctionEnvironment.RESPONDER_ACCOUNT_ID, Stack.of(scope).getAccount());
        // The dashboard is named after the deployment (ResponderDashboard): the messages link to it.
        environment.put(FunctionEnvironment.DASHBOARD_NAME, props.deploymentName());
        props.runbookUrl().ifPresent(url -> environment.put(FunctionEnvironment.RUNBOOK_URL, url));
        environment.put(FunctionEnvironment.FOLLOW_UP_QUEUE_URL, props.queues().followUpQueue().getQueueUrl());
        environment.put("POWERTOOLS_SERVICE_NAME", props.deploymentName());
        environment.put("POWERTOOLS_METRICS_NAMESPACE", ResponderMetrics.NAMESPACE);
        environment.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return environment;
    }
}
