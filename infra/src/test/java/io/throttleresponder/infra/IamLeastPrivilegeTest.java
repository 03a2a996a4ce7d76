package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * Least privilege, read from the synthesized templates: no policy in the stack allows a DynamoDB,
 * SNS or CloudWatch write on every resource ({@code "*"}). The responder changes tables, so a
 * wildcard there would let a bug or a stolen session change any table, topic or alarm in the
 * account; every write must name what it acts on.
 *
 * <p>A write is any action of those services that is not a read. Reads are {@code Describe*},
 * {@code Get*} and {@code List*}, plus DynamoDB's {@code Query}, {@code Scan}, {@code BatchGetItem},
 * {@code ConditionCheckItem} and {@code PartiQLSelect}. Classifying by what is read rather than by a
 * list of writes means an action AWS adds tomorrow counts as a write until shown otherwise.
 */
class IamLeastPrivilegeTest {

    private static final String EXAMPLE_CONFIG = "../throttle-responder.config.json";
    private static final String TEST_CONFIG = "src/test/resources/test-config.json";
    private static final String WATCH_ALL_CONFIG = "src/test/resources/watch-all-config.json";
    private static final String SENSOR_CONFIG = "src/test/resources/sensor-config.json";
    private static final String CONSTRUCT_WITH_MANY_TABLES = "the construct with 30 named tables and watchAllTables";

    private static final Set<String> GUARDED_SERVICES = Set.of("dynamodb", "sns", "cloudwatch");
    private static final List<String> READ_PREFIXES = List.of("describe", "get", "list");
    private static final Set<String> DYNAMODB_READS = Set.of("query", "scan", "batchgetitem", "conditioncheckitem", "partiqlselect");

    /**
     * Write actions as of this writing, only so that a wildcard ({@code dynamodb:*}, {@code cloudwatch:Put*}) is
     * reported with the writes it covers. The rule above decides what a write is; a wildcard that matches none of
     * these but could match a write is reported as itself.
     */
    private static final Map<String, List<String>> KNOWN_WRITES = Map.of(
            "dynamodb", List.of("BatchWriteItem", "CreateBackup", "CreateGlobalTable", "CreateTable", "CreateTableReplica",
                    "DeleteBackup", "DeleteItem", "DeleteResourcePolicy", "DeleteTable", "DeleteTableReplica",
                    "DisableKinesisStreamingDestination", "EnableKinesisStreamingDestination", "ExportTableToPointInTime",
                    "ImportTable", "PartiQLDelete", "PartiQLInsert", "PartiQLUpdate", "PutItem", "PutResourcePolicy",
                    "RestoreTableFromAwsBackup", "RestoreTableFromBackup", "RestoreTableToPointInTime", "StartAwsBackupJob",
                    "TagResource", "UntagResource", "UpdateContinuousBackups", "UpdateContributorInsights",
                    "UpdateGlobalTable", "UpdateGlobalTableSettings", "UpdateGlobalTableVersion", "UpdateItem",
                    "UpdateKinesisStreamingDestination", "UpdateTable", "UpdateTableReplicaAutoScaling", "UpdateTimeToLive"),
            "sns", List.of("AddPermission", "ConfirmSubscription", "CreatePlatformApplication", "CreatePlatformEndpoint",
                    "CreateSMSSandboxPhoneNumber", "CreateTopic", "DeleteEndpoint", "DeletePlatformApplication",
                    "DeleteSMSSandboxPhoneNumber", "DeleteTopic", "OptInPhoneNumber", "Publish", "PutDataProtectionPolicy",
                    "RemovePermission", "SetEndpointAttributes", "SetPlatformApplicationAttributes", "SetSMSAttributes",
                    "SetSubscriptionAttributes", "SetTopicAttributes", "Subscribe", "TagResource", "Unsubscribe",
                    "UntagResource", "VerifySMSSandboxPhoneNumber"),
            "cloudwatch", List.of("DeleteAlarms", "DeleteAnomalyDetector", "DeleteDashboards", "DeleteInsightRules",
                    "DeleteMetricStream", "DisableAlarmActions", "DisableInsightRules", "EnableAlarmActions",
                    "EnableInsightRules", "PutAnomalyDetector", "PutCompositeAlarm", "PutDashboard", "PutInsightRule",
                    "PutManagedInsightRules", "PutMetricAlarm", "PutMetricData", "PutMetricStream", "SetAlarmState",
                    "StartMetricStreams", "StopMetricStreams", "TagResource", "UntagResource"));

    /**
     * Writes on {@code "*"} this project accepts, each with the reason. None today. An entry exempts the action from
     * both checks below, so it must say why no narrower resource (or condition) will do.
     */
    private static final Map<String, String> WILDCARD_WRITES_WITH_REASON = Map.of();

    private static final String PUT_METRIC_DATA = "cloudwatch:PutMetricData";

    /**
     * Where a template holds policy documents: identity policies (standalone, managed, and inline in roles, users and
     * groups) and the resource policies of topics, queues and keys. In a resource policy {@code "*"} means the
     * resource the policy is attached to; it is held to the same rule so the template says which resource it is.
     */
    private static final Map<String, List<String>> POLICY_DOCUMENTS = Map.of(
            "AWS::IAM::Policy", List.of("PolicyDocument"),
            "AWS::IAM::ManagedPolicy", List.of("PolicyDocument"),
            "AWS::IAM::Role", List.of("Policies[]", "PolicyDocument"),
            "AWS::IAM::User", List.of("Policies[]", "PolicyDocument"),
            "AWS::IAM::Group", List.of("Policies[]", "PolicyDocument"),
            "AWS::SNS::TopicPolicy", List.of("PolicyDocument"),
            "AWS::SQS::QueuePolicy", List.of("PolicyDocument"),
            "AWS::KMS::Key", List.of("KeyPolicy"));

    @TempDir
    static Path functionCode;
    private static Map<String, Template> templates;

    @BeforeAll
    static void synthesize() throws Exception {
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        templates = new LinkedHashMap<>();
        for (String config : List.of(EXAMPLE_CONFIG, TEST_CONFIG, WATCH_ALL_CONFIG, SENSOR_CONFIG)) {
            templates.put(config, ThrottleResponderApp.synthesize(Path.of(config), functionCode));
        }
        templates.put(CONSTRUCT_WITH_MANY_TABLES, constructWithManyTables());
    }

    /**
     * 30 long-named tables, whose ARNs fill more than one WatchedTables statement and spill into managed
     * policies, and watchAllTables letting Contributor Insights on every table. Synthesized from a
     * configuration, which builds the tables before synthesis; the construct API builds them in an aspect
     * during synthesis, where this many tables end jsii's runtime process (a limit left to the construct's
     * reshaping).
     */
    private static Template constructWithManyTables() throws java.io.IOException {
        StringBuilder tables = new StringBuilder();
        for (int table = 1; table <= 30; table++) {
            tables.append(table == 1 ? "" : ",").append("""
                    {"name": "checkout-service-production-orders-%04d", "billingMode": "PAY_PER_REQUEST"}""".formatted(table));
        }
        Path config = Files.createTempFile("many-tables", ".json");
        Files.writeString(config, """
                {"deploymentName": "many", "notifications": {"emails": ["oncall@example.com"]},
                 "watchAllTables": true,
                 "unnamedTables": {"optInTagKey": "team:throttle-responder", "optInTagValue": "act",
                                   "contributorInsightsWithoutOptIn": true},
                 "tables": [%s]}""".formatted(tables));
        return ThrottleResponderApp.synthesize(config, functionCode);
    }

    // The real stacks.

    @ParameterizedTest
    @ValueSource(strings = {EXAMPLE_CONFIG, TEST_CONFIG, WATCH_ALL_CONFIG, SENSOR_CONFIG})
    void stack_grantsNoDynamoDbSnsOrCloudWatchWriteOnEveryResource(String config) {
        assertThat(wildcardWrites(templates.get(config))).isEmpty();
    }

    /** Guards the check above against passing because the walk found nothing: the responders' own statements are read. */
    @ParameterizedTest
    @ValueSource(strings = {EXAMPLE_CONFIG, TEST_CONFIG, WATCH_ALL_CONFIG, SENSOR_CONFIG})
    void policyWalk_readsTheFunctionsRolePoliciesAndTheTopicPolicies(String config) {
        List<Statement> statements = statements(templates.get(config));
        assertThat(statements).extracting(Statement::sid)
                .contains("WatchedTables", "Ledger", "Notify", "ActionsWithoutResourceScoping", "AllowThisDeploymentsAlarms");
        // The one DynamoDB action the stack grants on "*" is a read, and the walk sees it.
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement.actions()).contains("dynamodb:DescribeLimits");
            assertThat(statement.onEveryResource()).isTrue();
        });
    }

    /**
     * The handlers emit their metrics as embedded-metric-format log lines, which need only the log group's
     * logs:PutLogEvents. PutMetricData has no resource-level permissions (it is always granted on "*"), so a grant
     * would be an unused account-wide write; it needs an entry with its reason in WILDCARD_WRITES_WITH_REASON.
     */
    @ParameterizedTest
    @ValueSource(strings = {EXAMPLE_CONFIG, TEST_CONFIG, WATCH_ALL_CONFIG, SENSOR_CONFIG})
    void responders_emitMetricsThroughLogs_soNoPolicyGrantsPutMetricData(String config) {
        List<Statement> grants = statements(templates.get(config)).stream()
                .filter(Statement::allows)
                .filter(statement -> statement.covers(PUT_METRIC_DATA))
                .toList();
        assertThat(grants).as("statements allowing %s", PUT_METRIC_DATA).satisfiesAnyOf(
                none -> assertThat(none).isEmpty(),
                some -> assertThat(WILDCARD_WRITES_WITH_REASON).containsKey(PUT_METRIC_DATA));
    }

    /** Statements of AWS managed policies attached by ARN are not in the template, so the checks above could not see them. */
    @ParameterizedTest
    @ValueSource(strings = {EXAMPLE_CONFIG, TEST_CONFIG, WATCH_ALL_CONFIG, SENSOR_CONFIG})
    void roles_attachNoManagedPolicyByArn_whoseStatementsTheTemplateDoesNotHold(String config) {
        Map<String, Map<String, Object>> roles = templates.get(config).findResources("AWS::IAM::Role");
        assertThat(roles).isNotEmpty();
        assertThat(roles).allSatisfy((id, role) -> assertThat(properties(role)).doesNotContainKey("ManagedPolicyArns"));
    }

    // Every statement of the functions' roles, as granted on purpose: a widening (another action, a broader resource,
    // a condition dropped or loosened) fails the statement's own test.

    private static final String ARN = "arn:\\$\\{AWS::Partition\\}:%s:\\$\\{AWS::Region\\}:\\$\\{AWS::AccountId\\}:";
    private static final String NAME = "[A-Za-z0-9_.-]+";

    /**
     * One statement as the project grants it: exactly these actions, every resource matching one of the patterns
     * (rendered as CloudFormationValues does), and a condition block the predicate accepts.
     */
    record Grant(String key, Set<String> actions, List<String> resourcePatterns, Predicate<Object> condition) {

        @Override
        public String toString() {
            return key;
        }
    }

    private static final Predicate<Object> NO_CONDITION = Objects::isNull;

    /** By Sid; CDK's own statements, which have none, by their least action. WatchedTables2, 3, ... are WatchedTables. */
    static final List<Grant> GRANTS = List.of(
            new Grant("logs:CreateLogStream", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    List.of("\\$\\{(Responder|FollowUp)Logs[0-9A-F]{8}\\.Arn\\}"), NO_CONDITION),
            new Grant("xray:PutTelemetryRecords", Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                    List.of("\\*"), NO_CONDITION),
            new Grant("sqs:GetQueueAttributes", Set.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                    List.of("\\$\\{FailedInvocations[0-9A-F]{8}\\.Arn\\}"), NO_CONDITION),
            new Grant("sqs:ChangeMessageVisibility", Set.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                    "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                    List.of("\\$\\{FollowUps[0-9A-F]{8}\\.Arn\\}"), NO_CONDITION),
            new Grant("WatchedTables", Set.of("dynamodb:DescribeTable", "dynamodb:UpdateTable",
                    "dynamodb:DescribeContributorInsights", "dynamodb:UpdateContributorInsights"),
                    List.of(ARN.formatted("dynamodb") + "table/" + NAME, ARN.formatted("dynamodb") + "table/" + NAME + "/index/\\*"),
                    NO_CONDITION),
            new Grant("AccountTablesRead", Set.of("dynamodb:DescribeTable", "dynamodb:DescribeContributorInsights",
                    "dynamodb:ListTagsOfResource"),
                    List.of(ARN.formatted("dynamodb") + "table/\\*", ARN.formatted("dynamodb") + "table/\\*/index/\\*"), NO_CONDITION),
            new Grant("OptedInTablesWrite", Set.of("dynamodb:UpdateTable", "dynamodb:UpdateContributorInsights"),
                    List.of(ARN.formatted("dynamodb") + "table/\\*", ARN.formatted("dynamodb") + "table/\\*/index/\\*"),
                    IamLeastPrivilegeTest::isOneResourceTagEquality),
            new Grant("AccountTablesContributorInsights", Set.of("dynamodb:UpdateContributorInsights"),
                    List.of(ARN.formatted("dynamodb") + "table/\\*", ARN.formatted("dynamodb") + "table/\\*/index/\\*"), NO_CONDITION),
            new Grant("Ledger", Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query",
                    "dynamodb:DeleteItem"),
                    List.of("\\$\\{Ledger[0-9A-F]{8}\\.Arn\\}"), NO_CONDITION),
            new Grant("ActionsWithoutResourceScoping", Set.of("dynamodb:DescribeLimits", "cloudwatch:GetMetricData",
                    "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies"),
                    List.of("\\*"), NO_CONDITION),
            // GetQueryResults requires a log-group resource; only StopQuery has none
            // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
            new Grant("ApplicationLogGroups", Set.of("logs:StartQuery", "logs:GetQueryResults"),
                    List.of(ARN.formatted("logs") + "log-group:[A-Za-z0-9_./#-]+", ARN.formatted("logs") + "log-group:[A-Za-z0-9_./#-]+:\\*"),
                    NO_CONDITION),
            new Grant("ApplicationLogQueries", Set.of("logs:StopQuery"), List.of("\\*"), NO_CONDITION),
            new Grant("ContributorInsightsRules", Set.of("cloudwatch:GetInsightRuleReport"),
                    List.of(ARN.formatted("cloudwatch") + "insight-rule/DynamoDBContributorInsights-\\*"), NO_CONDITION),
            // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html
            new Grant("ScalableTargets", Set.of("application-autoscaling:RegisterScalableTarget"),
                    List.of(ARN.formatted("application-autoscaling") + "scalable-target/\\*"),
                    condition -> Map.of("StringEquals", Map.of(
                            "application-autoscaling:service-namespace", "dynamodb",
                            "application-autoscaling:scalable-dimension", List.of("dynamodb:table:ReadCapacityUnits",
                                    "dynamodb:table:WriteCapacityUnits", "dynamodb:index:ReadCapacityUnits",
                                    "dynamodb:index:WriteCapacityUnits"))).equals(condition)),
            new Grant("ScalingPolicies", Set.of("application-autoscaling:PutScalingPolicy"),
                    List.of(ARN.formatted("application-autoscaling") + "scalable-target/\\*"),
                    condition -> Map.of("StringEquals", Map.of("application-autoscaling:service-namespace", "dynamodb"))
                            .equals(condition)),
            new Grant("ScheduleFollowUps", Set.of("sqs:SendMessage"),
                    List.of("\\$\\{FollowUps[0-9A-F]{8}\\.Arn\\}"), NO_CONDITION),
            new Grant("Notify", Set.of("sns:Publish"),
                    List.of("\\$\\{NotificationsTopic[0-9A-F]{8}\\}", "arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:" + NAME),
                    NO_CONDITION),
            new Grant("NotifyEncrypted", Set.of("kms:GenerateDataKey", "kms:Decrypt"),
                    List.of("\\$\\{TopicKey[0-9A-F]{8}\\.Arn\\}"), NO_CONDITION),
            new Grant("ContributorInsightsServiceLinkedRole", Set.of("iam:CreateServiceLinkedRole"),
                    List.of("arn:\\$\\{AWS::Partition\\}:iam::\\*:role/aws-service-role/contributorinsights\\.dynamodb\\.amazonaws\\.com"
                            + "/AWSServiceRoleForDynamoDBContributorInsights"),
                    condition -> Map.of("StringEquals", Map.of("iam:AWSServiceName", "contributorinsights.dynamodb.amazonaws.com"))
                            .equals(condition)),
            new Grant("ThisDeploymentsAlarms", Set.of("cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmContributors",
                    "cloudwatch:SetAlarmState"),
                    List.of(ARN.formatted("cloudwatch") + "alarm:[A-Za-z][A-Za-z0-9-]*-\\*"), NO_CONDITION));

    static List<Grant> grants() {
        return GRANTS;
    }

    @ParameterizedTest
    @ValueSource(strings = {EXAMPLE_CONFIG, TEST_CONFIG, WATCH_ALL_CONFIG, SENSOR_CONFIG, CONSTRUCT_WITH_MANY_TABLES})
    void everyStatementOfTheFunctionsRoles_isAGrantListedHere(String config) {
        assertThat(identityStatements(templates.get(config))).extracting(IamLeastPrivilegeTest::grantKey)
                .allSatisfy(key -> assertThat(GRANTS).extracting(Grant::key).as("statement %s", key).contains(key));
    }

    @ParameterizedTest
    @MethodSource("grants")
    void statement_grantsNoMoreThanItsActionsOnItsResourcesUnderItsCondition(Grant grant) {
        List<Statement> granted = templates.values().stream().flatMap(template -> identityStatements(template).stream())
                .filter(statement -> grantKey(statement).equals(grant.key()))
                .toList();
        // Guards the check against passing on nothing: every grant appears in one of the stacks.
        assertThat(granted).as("statements %s", grant.key()).isNotEmpty();
        assertThat(granted).allSatisfy(statement -> {
            assertThat(statement.allows()).isTrue();
            assertThat(statement.body()).doesNotContainKeys("NotAction", "NotResource", "NotPrincipal");
            assertThat(Set.copyOf(statement.actions())).isEqualTo(grant.actions());
            assertThat(CloudFormationValues.renderAll(statement.body().get("Resource"))).allSatisfy(resource ->
                    assertThat(grant.resourcePatterns()).as("the patterns %s allows", grant.key())
                            .anySatisfy(pattern -> assertThat(resource).matches(pattern)));
            assertThat(grant.condition().test(statement.body().get("Condition")))
                    .as("%s's condition %s", grant.key(), statement.body().get("Condition")).isTrue();
        });
    }

    @Test
    void grantCheck_failsAStatementThatWidens() {
        Grant scalableTargets = GRANTS.stream().filter(grant -> grant.key().equals("ScalableTargets")).findFirst().orElseThrow();
        Grant logGroups = GRANTS.stream().filter(grant -> grant.key().equals("ApplicationLogGroups")).findFirst().orElseThrow();

        assertThat(scalableTargets.condition().test(null)).as("no condition: every service's scalable targets").isFalse();
        assertThat(scalableTargets.condition().test(Map.of("StringEquals",
                Map.of("application-autoscaling:service-namespace", "dynamodb")))).as("any scalable dimension").isFalse();
        assertThat(logGroups.resourcePatterns()).noneSatisfy(pattern ->
                assertThat("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*").matches(pattern));
        assertThat("*").doesNotMatch(String.join("|", logGroups.resourcePatterns()));
    }

    /**
     * A Sid names a statement; WatchedTables2, 3, ... are parts of WatchedTables. CDK's statements have no Sid: they go
     * by their least action, since the feature flag @aws-cdk/aws-iam:minimizePolicies sorts their actions.
     */
    private static String grantKey(Statement statement) {
        return statement.sid() != null ? statement.sid().replaceFirst("^WatchedTables\\d+$", "WatchedTables")
                : statement.actions().stream().sorted().findFirst().orElseThrow();
    }

    /** The statements of the identity policies: the roles' inline policies and the managed policies CDK spills into. */
    private static List<Statement> identityStatements(Template template) {
        return statements(template).stream()
                .filter(statement -> statement.policy().endsWith("(AWS::IAM::Policy)")
                        || statement.policy().endsWith("(AWS::IAM::ManagedPolicy)")
                        || statement.policy().endsWith("(AWS::IAM::Role)"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static boolean isOneResourceTagEquality(Object condition) {
        if (!(condition instanceof Map<?, ?> operators) || operators.size() != 1
                || !(operators.get("StringEquals") instanceof Map<?, ?> keys) || keys.size() != 1) {
            return false;
        }
        Map.Entry<String, Object> only = ((Map<String, Object>) keys).entrySet().iterator().next();
        return only.getKey().startsWith("aws:ResourceTag/") && only.getValue() instanceof String value && !value.contains("*");
    }

    // The checker itself: a throwaway stack with known violations.

    @Test
    void checker_reportsSnsPublishAndDynamoDbUpdateTableOnEveryResource_butNotDescribeLimits() {
        Stack stack = new Stack(ThrottleResponderApp.newApp(), "Violating");
        Role role = lambdaRole(stack, "Role");
        role.addToPolicy(allow("Publish", List.of("*"), "sns:Publish"));
        role.addToPolicy(allow("UpdateTable", List.of("*"), "dynamodb:UpdateTable"));
        role.addToPolicy(allow("DescribeLimits", List.of("*"), "dynamodb:DescribeLimits"));

        assertThat(wildcardWrites(Template.fromStack(stack))).extracting(WildcardWrite::action)
                .containsExactlyInAnyOrder("sns:Publish", "dynamodb:UpdateTable");
    }

    @Test
    void checker_reportsWildcardActionsByTheWritesTheyCover_andIgnoresReadsOtherServicesAndScopedWrites() {
        Stack stack = new Stack(ThrottleResponderApp.newApp(), "Wildcards");
        Role role = lambdaRole(stack, "Role");
        role.addToPolicy(allow("AllOfCloudWatchPut", List.of("*"), "cloudwatch:Put*"));
        role.addToPolicy(allow("AllOfDynamoDb", List.of("arn:aws:dynamodb:eu-west-1:123456789012:table/a", "*"), "dynamodb:*"));
        role.addToPolicy(allow("Reads", List.of("*"), "dynamodb:Describe*", "sns:Get*", "sns:ListTopics", "cloudwatch:GetMetricData",
                "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect"));
        role.addToPolicy(allow("Tracing", List.of("*"), "xray:PutTraceSegments", "xray:PutTelemetryRecords"));
        role.addToPolicy(allow("Scoped", List.of("arn:aws:sns:eu-west-1:123456789012:topic"), "sns:*"));

        List<WildcardWrite> found = wildcardWrites(Template.fromStack(stack));

        assertThat(found).extracting(WildcardWrite::sid).containsOnly("AllOfCloudWatchPut", "AllOfDynamoDb");
        assertThat(found).filteredOn(write -> write.sid().equals("AllOfCloudWatchPut")).extracting(WildcardWrite::action)
                .contains("cloudwatch:PutMetricData", "cloudwatch:PutMetricAlarm", "cloudwatch:PutDashboard")
                .doesNotContain("cloudwatch:SetAlarmState");
        assertThat(found).filteredOn(write -> write.sid().equals("AllOfDynamoDb")).extracting(WildcardWrite::action)
                .contains("dynamodb:UpdateTable", "dynamodb:PutItem", "dynamodb:DeleteTable")
                .doesNotContain("dynamodb:DescribeLimits", "dynamodb:Query");
    }

    @Test
    void checker_readsInlineRolePoliciesManagedPoliciesAndNotActionNotResource() {
        Stack stack = new Stack(ThrottleResponderApp.newApp(), "Elsewhere");
        Role.Builder.create(stack, "InlineRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of("inline", PolicyDocument.Builder.create()
                        .statements(List.of(allow("Inline", List.of("*"), "cloudwatch:SetAlarmState"))).build()))
                .build();
        ManagedPolicy.Builder.create(stack, "Managed")
                .roles(List.of(lambdaRole(stack, "ManagedRole")))
                .statements(List.of(allow("Managed", List.of("*"), "sns:Subscribe")))
                .build();
        // Allow with NotAction grants everything but the listed actions; with NotResource, every resource but those.
        Role everythingBut = lambdaRole(stack, "NotRole");
        everythingBut.addToPolicy(PolicyStatement.Builder.create().sid("NotAction").effect(Effect.ALLOW)
                .notActions(List.of("dynamodb:*", "cloudwatch:*", "sns:Publish")).resources(List.of("*")).build());
        everythingBut.addToPolicy(PolicyStatement.Builder.create().sid("NotResource").effect(Effect.ALLOW)
                .actions(List.of("dynamodb:DeleteTable")).notResources(List.of("arn:aws:dynamodb:eu-west-1:123456789012:table/a")).build());
        // NotAction is what this test is about; CloudFormation's linter warns about it for the same reason.
        Validations.of(everythingBut).acknowledge(Acknowledgment.builder()
                .id("CloudFormation-Validate::W2512").reason("the checker must read an Allow with NotAction").build());
        // A Deny on "*" takes permissions away: never a violation.
        everythingBut.addToPolicy(PolicyStatement.Builder.create().sid("Deny").effect(Effect.DENY)
                .actions(List.of("dynamodb:*")).resources(List.of("*")).build());

        List<WildcardWrite> found = wildcardWrites(Template.fromStack(stack));

        assertThat(found).extracting(WildcardWrite::sid).containsOnly("Inline", "Managed", "NotAction", "NotResource");
        assertThat(found).filteredOn(write -> write.sid().equals("NotAction")).extracting(WildcardWrite::action)
                .contains("sns:Subscribe", "sns:DeleteTopic")
                .doesNotContain("sns:Publish")
                .allMatch(action -> action.startsWith("sns:"));
    }

    @Test
    void checker_reportsPutMetricDataGrantedOnAnyResource() {
        Stack stack = new Stack(ThrottleResponderApp.newApp(), "Metrics");
        lambdaRole(stack, "Role").addToPolicy(allow("Metrics", List.of("*"), "cloudwatch:*"));

        assertThat(statements(Template.fromStack(stack))).filteredOn(statement -> statement.covers(PUT_METRIC_DATA))
                .extracting(Statement::sid).containsExactly("Metrics");
    }

    @Test
    void classification_readsAreDescribeGetListAndDynamoDbsQueries_everythingElseInTheServicesIsAWrite() {
        assertThat(Stream.of("dynamodb:DescribeLimits", "dynamodb:GetItem", "dynamodb:ListTables", "dynamodb:Query",
                "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect",
                "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "cloudwatch:GetMetricData",
                "cloudwatch:DescribeAlarms", "cloudwatch:ListMetrics", "xray:PutTraceSegments", "sqs:SendMessage"))
                .allSatisfy(action -> assertThat(writesCoveredBy(action)).as(action).isEmpty());
        assertThat(Stream.of("dynamodb:UpdateTable", "dynamodb:UpdateContributorInsights", "dynamodb:PartiQLUpdate",
                "sns:Publish", "sns:CreateTopic", "sns:SetTopicAttributes", "sns:CheckIfPhoneNumberIsOptedOut",
                "cloudwatch:PutMetricData", "cloudwatch:SetAlarmState", "cloudwatch:EnableAlarmActions",
                "cloudwatch:PutInsightRule", "DynamoDB:updatetable"))
                .allSatisfy(action -> assertThat(writesCoveredBy(action)).as(action).hasSize(1));
        assertThat(KNOWN_WRITES).allSatisfy((service, writes) -> assertThat(writes)
                .allSatisfy(write -> assertThat(writesCoveredBy(service + ":" + write)).as(write).hasSize(1)));
    }

    @Test
    void classification_wildcardThatCouldMatchAnUnlistedWrite_isReportedAsItself() {
        // "Q*" matches Query, a read, but also any write AWS might name Q...: unproven, so it counts.
        assertThat(writesCoveredBy("dynamodb:Q*")).containsExactly("dynamodb:Q*");
        assertThat(writesCoveredBy("dynamodb:Get*")).isEmpty();
        assertThat(writesCoveredBy("*")).contains("dynamodb:UpdateTable", "sns:Publish", "cloudwatch:PutMetricAlarm");
    }

    // The checker.

    /** One Allow statement's grant of a write action on every resource. */
    record WildcardWrite(String policy, String sid, String action) {
    }

    /** One statement of a policy document, and where it is. */
    record Statement(String policy, Map<String, Object> body) {

        String sid() {
            return (String) body.get("Sid");
        }

        boolean allows() {
            return "Allow".equals(body.get("Effect"));
        }

        /** Action, or NotAction's list of exclusions (see {@link #writes()}). */
        List<String> actions() {
            return strings(body.get(body.containsKey("NotAction") ? "NotAction" : "Action"));
        }

        /** An Allow with NotResource grants every resource but the listed ones. */
        boolean onEveryResource() {
            return body.containsKey("NotResource") || strings(body.get("Resource")).contains("*");
        }

        /** The guarded writes this statement names, through its own wildcards or through NotAction. */
        List<String> writes() {
            if (body.containsKey("NotAction")) {
                return KNOWN_WRITES.entrySet().stream()
                        .flatMap(service -> service.getValue().stream().map(write -> service.getKey() + ":" + write))
                        .filter(write -> actions().stream().noneMatch(excluded -> matches(excluded, write)))
                        .sorted()
                        .toList();
            }
            return actions().stream().flatMap(action -> writesCoveredBy(action).stream()).distinct().toList();
        }

        /** Whether the statement names {@code action} (an exact action name), through wildcards or NotAction. */
        boolean covers(String action) {
            boolean named = actions().stream().anyMatch(pattern -> matches(pattern, action));
            return body.containsKey("NotAction") != named;
        }
    }

    /** Every Allow statement's write of DynamoDB, SNS or CloudWatch on "*" that has no reason in WILDCARD_WRITES_WITH_REASON. */
    static List<WildcardWrite> wildcardWrites(Template template) {
        List<WildcardWrite> found = new ArrayList<>();
        for (Statement statement : statements(template)) {
            if (statement.allows() && statement.onEveryResource()) {
                statement.writes().stream()
                        .filter(write -> !WILDCARD_WRITES_WITH_REASON.containsKey(write))
                        .forEach(write -> found.add(new WildcardWrite(statement.policy(), statement.sid(), write)));
            }
        }
        return found;
    }

    /** Every statement of every policy document in the template, walked as JSON maps. */
    @SuppressWarnings("unchecked")
    static List<Statement> statements(Template template) {
        List<Statement> statements = new ArrayList<>();
        POLICY_DOCUMENTS.forEach((type, path) -> template.findResources(type).forEach((id, resource) -> {
            List<Object> documents = List.of(properties(resource));
            for (String step : path) {
                boolean list = step.endsWith("[]");
                String key = list ? step.substring(0, step.length() - 2) : step;
                documents = documents.stream()
                        .map(node -> ((Map<String, Object>) node).get(key))
                        .filter(Objects::nonNull)
                        .flatMap(value -> list ? ((List<Object>) value).stream() : Stream.of(value))
                        .toList();
            }
            for (Object document : documents) {
                // IAM allows Statement as one object or a list of them.
                Object statement = ((Map<String, Object>) document).get("Statement");
                List<Object> all = statement instanceof List<?> several ? (List<Object>) several : List.of(statement);
                all.forEach(body -> statements.add(new Statement(id + " (" + type + ")", (Map<String, Object>) body)));
            }
        }));
        return statements;
    }

    /**
     * The guarded writes an Action names: itself if it is one; for a wildcard, the known writes it matches, or
     * the wildcard itself if it could match a write none of them is (its literal start is no read prefix).
     */
    static List<String> writesCoveredBy(String action) {
        String lower = action.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        String service = colon < 0 ? lower : lower.substring(0, colon);
        String name = colon < 0 ? lower : lower.substring(colon + 1);
        List<String> writes = new ArrayList<>();
        for (String guarded : GUARDED_SERVICES.stream().sorted().toList()) {
            if (!glob(service).matcher(guarded).matches()) {
                continue;
            }
            if (!isWildcard(name)) {
                if (isWrite(guarded, name)) {
                    writes.add(action);
                }
                continue;
            }
            if (onlyReads(name)) {
                continue;
            }
            List<String> known = KNOWN_WRITES.get(guarded).stream()
                    .filter(write -> glob(name).matcher(write.toLowerCase(Locale.ROOT)).matches())
                    .map(write -> guarded + ":" + write)
                    .toList();
            if (known.isEmpty()) {
                writes.add(action);
            } else {
                writes.addAll(known);
            }
        }
        return writes;
    }

    /** IAM matches action names case-insensitively, with * and ? as wildcards. */
    static boolean matches(String pattern, String action) {
        return glob(pattern.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches();
    }

    private static boolean isWrite(String service, String name) {
        return READ_PREFIXES.stream().noneMatch(name::startsWith) && !(service.equals("dynamodb") && DYNAMODB_READS.contains(name));
    }

    /** A wildcard whose literal start is a read prefix ("Get*", "DescribeTa*") matches only reads. */
    private static boolean onlyReads(String namePattern) {
        String literalStart = namePattern.split("[*?]", 2)[0];
        return READ_PREFIXES.stream().anyMatch(literalStart::startsWith);
    }

    private static boolean isWildcard(String text) {
        return text.contains("*") || text.contains("?");
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(pattern.chars()
                .mapToObj(c -> c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf((char) c)))
                .collect(Collectors.joining()));
    }

    /** Action, Resource and the rest are one value or a list; intrinsic functions (never "*") stay as they are. */
    @SuppressWarnings("unchecked")
    private static List<String> strings(Object valueOrList) {
        if (valueOrList == null) {
            return List.of();
        }
        List<Object> values = valueOrList instanceof List<?> list ? (List<Object>) list : List.of(valueOrList);
        return values.stream().map(value -> value instanceof String text ? text : String.valueOf(value)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    private static Role lambdaRole(Stack stack, String id) {
        return Role.Builder.create(stack, id).assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
    }

    private static PolicyStatement allow(String sid, List<String> resources, String... actions) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(List.of(actions)).resources(resources).build();
    }
}
