package io.throttleresponder.infra.permissions;

import io.throttleresponder.infra.config.SensorConfig;
import io.throttleresponder.infra.config.UnnamedTables;
import io.throttleresponder.infra.config.WatchedTable;
import io.throttleresponder.infra.messaging.ResponderTopics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The segment of the functions' permissions: what both roles may do on the watched tables, the ledger, the
 * follow-up queue and the notifications topic, and what each alone needs. The statements go to the roles'
 * default policies (CDK moves those past the inline limit into managed policies); their cdk-nag findings are
 * answered by {@link ResponderNagFindings}.
 */
public final class ResponderPermissions {

    /** The named tables' ARNs per IAM statement, as written with ${AWS::...}, longer than the rendered ARNs. */
    static final int WATCHED_TABLE_ARN_CHARACTERS = 5800;
    /** The scalable dimensions of a DynamoDB table's and GSI's provisioned capacity, the only ones the responder registers. */
    static final List<String> DYNAMODB_SCALABLE_DIMENSIONS = List.of("dynamodb:table:ReadCapacityUnits",
            "dynamodb:table:WriteCapacityUnits", "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits");
    static final String CONTRIBUTOR_INSIGHTS_SERVICE = "contributorinsights.dynamodb.amazonaws.com";

    /**
     * @param deploymentName the follow-up handler reads and sets only the alarms named {@code <deploymentName>-...}
     * @param tables the named tables, acted on by name
     * @param unnamedTables with watchAllTables, every other table: read, and changed only with the opt-in tag (default: none)
     * @param sensor with log groups, Logs Insights over them (default: none)
     * @param ledger the ledger table
     * @param followUpQueue where both functions schedule follow-ups
     * @param notificationsTopic where both publish; with its key when the deployment owns it
     */
    public record Props(String deploymentName, List<WatchedTable> tables, Optional<UnnamedTables> unnamedTables,
                        Optional<SensorConfig> sensor, ITable ledger, IQueue followUpQueue, ITopic notificationsTopic) {
    }

    private final Construct scope;
    private final Props props;

    public ResponderPermissions(Construct scope, Props props) {
        this.scope = scope;
        this.props = props;
    }

    public void grantAlarmHandler(Role role) {
        grantResponse(role);
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
    public void grantFollowUpHandler(Role role) {
        grantResponse(role);
        // A summary repeats only while its alarm is still in ALARM, and a recovery waits for OK: a Metrics
        // Insights contributor's state is read from its alarm's contributors in ALARM. An alarm still in ALARM
        // when the metrics show the incident over is set back to OK (QuietWatch), so the next incident is heard.
        role.addToPolicy(allow("ThisDeploymentsAlarms", List.of(ResponderTopics.deploymentAlarmsArn(scope, props.deploymentName())),
                "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmContributors", "cloudwatch:SetAlarmState"));
    }

    /** What both functions do: read and change the watched tables, record, schedule follow-ups and notify. */
    private void grantResponse(Role role) {
        // Statements of at most WATCHED_TABLE_ARN_CHARACTERS of ARNs: a statement cannot be split, and CDK moves
        // whole statements past the role's inline policy (10,240 characters) into managed policies of at most
        // 6,144 each (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
        // Fn::Sub keeps each ARN one short string in the template.
        List<String> arns = new ArrayList<>();
        int characters = 0;
        int statement = 1;
        for (WatchedTable table : props.tables()) {
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
        props.unnamedTables().ifPresent(unnamed -> grantUnnamedTables(role, unnamed));
        role.addToPolicy(allow("Ledger", List.of(props.ledger().getTableArn()),
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem"));
        // DescribeLimits, GetMetricData, DescribeScalableTargets and DescribeScalingPolicies support no resource-level
        // permissions: AWS requires "*" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html).
        role.addToPolicy(allow("ActionsWithoutResourceScoping", List.of("*"),
                "dynamodb:DescribeLimits", "cloudwatch:GetMetricData", "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:DescribeScalingPolicies"));
        props.sensor().filter(sensor -> !sensor.logGroups().isEmpty()).ifPresent(sensor -> grantApplicationLogs(role, sensor));
        role.addToPolicy(allow("ContributorInsightsRules", List.of(Stack.of(scope).formatArn(ArnComponents.builder()
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
                .resources(List.of(everyScalableTarget()))
                .conditions(Map.of("StringEquals", scalableTargetConditions()))
                .build());
        // The same scope for the scaling policies the responder tunes and puts back, and DynamoDB's only: the
        // action takes the application-autoscaling:service-namespace condition key
        // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html).
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ScalingPolicies")
                .effect(Effect.ALLOW)
                .actions(List.of("application-autoscaling:PutScalingPolicy"))
                .resources(List.of(everyScalableTarget()))
                .conditions(Map.of("StringEquals", Map.of("application-autoscaling:service-namespace", "dynamodb")))
                .build());
        // The queue is SQS-encrypted, so sending needs no KMS permission.
        role.addToPolicy(allow("ScheduleFollowUps", List.of(props.followUpQueue().getQueueArn()), "sqs:SendMessage"));
        role.addToPolicy(allow("Notify", List.of(props.notificationsTopic().getTopicArn()), "sns:Publish"));
        if (props.notificationsTopic() instanceof Topic own && own.getMasterKey() != null) {
            role.addToPolicy(allow("NotifyEncrypted", List.of(own.getMasterKey().getKeyArn()),
                    "kms:GenerateDataKey", "kms:Decrypt"));
        }
    }

    /**
     * In a fixed order: Map.of's iteration order changes from one JVM to the next, and with it the template, so
     * every synth would otherwise show the policy changed.
     */
    private static Map<String, Object> scalableTargetConditions() {
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("application-autoscaling:service-namespace", "dynamodb");
        conditions.put("application-autoscaling:scalable-dimension", DYNAMODB_SCALABLE_DIMENSIONS);
        return conditions;
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
            String arn = Stack.of(scope).formatArn(ArnComponents.builder().service("logs").resource("log-group")
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
        return Stack.of(scope).formatArn(ArnComponents.builder().service("dynamodb").resource("table").resourceName("*").build());
    }

    private String everyScalableTarget() {
        return Stack.of(scope).formatArn(ArnComponents.builder()
                .service("application-autoscaling").resource("scalable-target").resourceName("*").build());
    }

    private static PolicyStatement allow(String sid, List<String> resources, String... actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(List.of(actions))
                .resources(resources)
                .build();
    }
}
