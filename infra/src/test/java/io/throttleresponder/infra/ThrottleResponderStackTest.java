package io.throttleresponder.infra;

import static io.throttleresponder.infra.CloudFormationValues.render;
import static io.throttleresponder.infra.CloudFormationValues.renderAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack for src/test/resources/test-config.json: orders (provisioned, two GSIs), sessions (on-demand, one GSI), audit.events (on-demand). */
class ThrottleResponderStackTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DYNAMODB_ALARMS = 11 + 2 * 8 + 9 + 6 + 9;

    private static Template template;

    @BeforeAll
    static void synthesize() throws Exception {
        Path functionCode = Files.createTempDirectory("function-code");
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        template = ThrottleResponderApp.synthesize(Path.of("src/test/resources/test-config.json"), functionCode);
    }

    @Test
    void alarms_areOnePerSignalForEachWatchedTableAndIndex_plusTheDeadLetterAlarm() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", DYNAMODB_ALARMS + 1);
        assertThat(alarmNames()).doesNotHaveDuplicates();
    }

    @Test
    void alarms_forProvisionedTable_includeEveryCauseAggregateUtilizationAndLatency() {
        assertThat(alarmNames()).filteredOn(name -> name.startsWith("test-responder-orders-") && !name.contains("-orders-by-"))
                .containsExactlyInAnyOrder(Stream.of(
                        "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
                        "ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents",
                        "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents",
                        "ReadThrottleEvents", "WriteThrottleEvents",
                        "ReadCapacityUtilization", "WriteCapacityUtilization", "SuccessfulRequestLatency")
                        .map(signal -> "test-responder-orders-" + signal).toArray(String[]::new));
    }

    @Test
    void alarms_forOnDemandTable_includeMaxOnDemandButNoProvisionedOrUtilization() {
        assertThat(alarmNames()).filteredOn(name -> name.startsWith("test-responder-audit.events-"))
                .containsExactlyInAnyOrder(Stream.of(
                        "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
                        "ReadMaxOnDemandThroughputThrottleEvents", "WriteMaxOnDemandThroughputThrottleEvents",
                        "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents",
                        "ReadThrottleEvents", "WriteThrottleEvents", "SuccessfulRequestLatency")
                        .map(signal -> "test-responder-audit.events-" + signal).toArray(String[]::new));
    }

    @Test
    void alarms_forProvisionedIndex_useTheIndexDimensionWithoutAccountLimitOrLatency() {
        assertThat(alarmNames()).filteredOn(name -> name.startsWith("test-responder-orders-orders-by-status-"))
                .containsExactlyInAnyOrder(Stream.of(
                        "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
                        "ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents",
                        "ReadThrottleEvents", "WriteThrottleEvents", "ReadCapacityUtilization", "WriteCapacityUtilization")
                        .map(signal -> "test-responder-orders-orders-by-status-" + signal).toArray(String[]::new));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-orders-orders-by-status-WriteProvisionedThroughputThrottleEvents",
                "Namespace", "AWS/DynamoDB",
                "MetricName", "WriteProvisionedThroughputThrottleEvents",
                "Dimensions", List.of(
                        Map.of("Name", "GlobalSecondaryIndexName", "Value", "orders-by-status"),
                        Map.of("Name", "TableName", "Value", "orders"))));
    }

    @Test
    void alarms_forOnDemandIndex_includeMaxOnDemandThrottles() {
        assertThat(alarmNames()).filteredOn(name -> name.startsWith("test-responder-sessions-sessions-by-user-"))
                .containsExactlyInAnyOrder(Stream.of(
                        "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
                        "ReadMaxOnDemandThroughputThrottleEvents", "WriteMaxOnDemandThroughputThrottleEvents",
                        "ReadThrottleEvents", "WriteThrottleEvents")
                        .map(signal -> "test-responder-sessions-sessions-by-user-" + signal).toArray(String[]::new));
    }

    @Test
    void alarms_onThrottleEvents_sumOneMinuteAgainstTheConfiguredThreshold() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-sessions-ReadMaxOnDemandThroughputThrottleEvents",
                "Namespace", "AWS/DynamoDB",
                "MetricName", "ReadMaxOnDemandThroughputThrottleEvents",
                "Dimensions", List.of(Map.of("Name", "TableName", "Value", "sessions")),
                "Statistic", "Sum",
                "Period", 60,
                "Threshold", 40,
                "ComparisonOperator", "GreaterThanThreshold"));
    }

    @Test
    void alarms_onWriteAccountLimit_useTheTableNameDimensionOnly() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-orders-WriteAccountLimitThrottleEvents",
                "MetricName", "WriteAccountLimitThrottleEvents",
                "Dimensions", List.of(Map.of("Name", "TableName", "Value", "orders"))));
    }

    @Test
    void alarms_onCapacityUtilization_divideConsumedPerSecondByProvisioned() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-orders-orders-by-customer-WriteCapacityUtilization",
                "Threshold", 70,
                "Metrics", List.of(
                        Match.objectLike(Map.of("Id", "expr_1", "Expression", "(m1 / 60) / m2 * 100", "ReturnData", true)),
                        Match.objectLike(Map.of("Id", "m1", "ReturnData", false, "MetricStat", Map.of(
                                "Metric", Map.of("Namespace", "AWS/DynamoDB", "MetricName", "ConsumedWriteCapacityUnits",
                                        "Dimensions", List.of(
                                                Map.of("Name", "GlobalSecondaryIndexName", "Value", "orders-by-customer"),
                                                Map.of("Name", "TableName", "Value", "orders"))),
                                "Period", 60, "Stat", "Sum"))),
                        Match.objectLike(Map.of("Id", "m2", "ReturnData", false, "MetricStat", Map.of(
                                "Metric", Map.of("Namespace", "AWS/DynamoDB", "MetricName", "ProvisionedWriteCapacityUnits",
                                        "Dimensions", List.of(
                                                Map.of("Name", "GlobalSecondaryIndexName", "Value", "orders-by-customer"),
                                                Map.of("Name", "TableName", "Value", "orders"))),
                                "Period", 60, "Stat", "Average"))))));
    }

    @Test
    void alarms_onLatency_averageTheTablesOperationsWithoutPercentiles() {
        List<Object> operationMetrics = new ArrayList<>();
        List<String> operations = List.of("GetItem", "UpdateItem", "DeleteItem", "Query");
        for (int i = 0; i < operations.size(); i++) {
            operationMetrics.add(Match.objectLike(Map.of("Id", "m" + (i + 1), "ReturnData", false, "MetricStat", Map.of(
                    "Metric", Map.of("Namespace", "AWS/DynamoDB", "MetricName", "SuccessfulRequestLatency",
                            "Dimensions", List.of(
                                    Map.of("Name", "Operation", "Value", operations.get(i)),
                                    Map.of("Name", "TableName", "Value", "sessions"))),
                    "Period", 60, "Stat", "Average"))));
        }
        List<Object> metrics = new ArrayList<>();
        metrics.add(Match.objectLike(Map.of("Expression", "AVG([m1,m2,m3,m4])", "ReturnData", true)));
        metrics.addAll(operationMetrics);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-sessions-SuccessfulRequestLatency",
                "Threshold", 20,
                "Metrics", metrics));
    }

    @Test
    void alarms_everyOne_firesOnOneMinuteDatapointAndNotifiesTheAlarmTopicOnAlarmAndOk() {
        Map<String, Map<String, Object>> alarms = dynamoDbAlarms();
        assertThat(alarms).hasSize(DYNAMODB_ALARMS);
        Map<String, Object> alarmTopicRef = Map.of("Ref", logicalId("AWS::SNS::Topic", "test-responder-alarms"));
        alarms.values().forEach(alarm -> {
            Map<String, Object> properties = properties(alarm);
            assertThat(properties).containsEntry("EvaluationPeriods", 1)
                    .containsEntry("DatapointsToAlarm", 1)
                    .containsEntry("TreatMissingData", "notBreaching")
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                    .containsEntry("AlarmActions", List.of(alarmTopicRef))
                    .containsEntry("OKActions", List.of(alarmTopicRef));
            assertThat((String) properties.get("AlarmDescription")).contains("The responder");
        });
    }

    @Test
    void alarms_neverHoldMoreThanTenMetrics() {
        dynamoDbAlarms().values().forEach(alarm -> {
            Object metrics = properties(alarm).get("Metrics");
            if (metrics != null) {
                assertThat((List<?>) metrics).hasSizeLessThanOrEqualTo(11);
                assertThat(((List<?>) metrics).stream().filter(metric -> ((Map<?, ?>) metric).containsKey("MetricStat")))
                        .hasSizeLessThanOrEqualTo(10);
            }
        });
    }

    @Test
    void alarms_descriptions_nameTheTableOrIndexAndWhatTheResponderDoes() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-orders-orders-by-status-ReadKeyRangeThroughputThrottleEvents",
                "AlarmDescription", AlarmSignal.READ_KEY_RANGE_THROTTLES.describe("index orders-by-status of table orders")));
    }

    @Test
    void alarmTopic_isKmsEncryptedAndLetsOnlyThisDeploymentsAlarmsPublish() {
        String keyId = logicalId("AWS::KMS::Key", null);
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                "TopicName", "test-responder-alarms",
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
        String topicId = logicalId("AWS::SNS::Topic", "test-responder-alarms");
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                "Topics", List.of(Map.of("Ref", topicId)),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", "sns:Publish",
                        "Condition", Match.objectLike(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))))))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))));
    }

    @Test
    void alarmTopic_deliversToTheResponderThroughItsLiveAlias() {
        String aliasId = logicalId("AWS::Lambda::Alias", null);
        String topicId = logicalId("AWS::SNS::Topic", "test-responder-alarms");
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "lambda",
                "TopicArn", Map.of("Ref", topicId),
                "Endpoint", Map.of("Ref", aliasId)));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "sns.amazonaws.com",
                "FunctionName", Map.of("Ref", aliasId),
                "SourceArn", Map.of("Ref", topicId)));
    }

    @Test
    void notificationsTopic_isEncryptedAndSubscribesEveryConfiguredEmail() {
        String topicId = logicalId("AWS::SNS::Topic", "test-responder-notifications");
        template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                "TopicName", "test-responder-notifications",
                "KmsMasterKeyId", Match.anyValue()));
        for (String email : List.of("oncall@example.com", "dba@example.com")) {
            template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                    "Protocol", "email", "Endpoint", email, "TopicArn", Map.of("Ref", topicId)));
        }
        template.resourceCountIs("AWS::SNS::Subscription", 3);
    }

    @Test
    void responder_runsJava21OnArm64WithSnapStartTracingAndTheContractHandler() {
        template.resourceCountIs("AWS::Lambda::Function", 1);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "Handler", "io.throttleresponder.AlarmHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"),
                "MemorySize", 1024,
                "Timeout", 60,
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", logicalId("AWS::Logs::LogGroup", null)))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void responder_liveAlias_pointsAtAPublishedVersion() {
        template.resourceCountIs("AWS::Lambda::Version", 1);
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(logicalId("AWS::Lambda::Version", null), "Version"))));
    }

    @Test
    void responder_environment_followsTheContract() throws Exception {
        Map<String, Object> variables = environmentVariables();
        assertThat(variables).containsOnlyKeys("RESPONDER_POLICY", "LEDGER_TABLE_NAME", "NOTIFICATIONS_TOPIC_ARN",
                "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL");
        assertThat(variables)
                .containsEntry("LEDGER_TABLE_NAME", Map.of("Ref", logicalId("AWS::DynamoDB::Table", null)))
                .containsEntry("NOTIFICATIONS_TOPIC_ARN", Map.of("Ref", logicalId("AWS::SNS::Topic", "test-responder-notifications")))
                .containsEntry("POWERTOOLS_SERVICE_NAME", "test-responder")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "ThrottleResponder")
                .containsEntry("POWERTOOLS_LOG_LEVEL", "INFO");
    }

    @Test
    void responder_policy_isGeneratedFromTheConfiguration() throws Exception {
        JsonNode policy = JSON.readTree((String) environmentVariables().get("RESPONDER_POLICY"));
        assertThat(policy.get("dryRun").booleanValue()).isTrue();
        assertThat(policy.get("killSwitch").booleanValue()).isFalse();
        assertThat(policy.get("defaults")).isEqualTo(JSON.readTree("{\"cooldownMinutes\":10,\"maskKeys\":true}"));
        assertThat(policy.get("tables")).isEqualTo(JSON.readTree(
                "{\"orders\":{\"scaleFactor\":2.0,\"maxWriteCapacityUnits\":5000},\"sessions\":{},\"audit.events\":{\"dryRun\":false}}"));
    }

    @Test
    void responder_failedAsyncInvocations_retryTwiceThenGoToAnEncryptedQueueWithAnAlarm() {
        String queueId = logicalId("AWS::SQS::Queue", null);
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Map.of("Fn::GetAtt", List.of(queueId, "Arn"))))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(queueId, "QueueName")))),
                "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold",
                "AlarmActions", List.of(Map.of("Ref", logicalId("AWS::SNS::Topic", "test-responder-notifications")))));
    }

    @Test
    void ledger_isOnDemandWithTtlAndPointInTimeRecovery() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void stack_neverCreatesTheWatchedTables() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::DynamoDB::GlobalTable", 0);
    }

    @Test
    void dashboard_showsThrottlesByCauseAndCapacityForEachTargetAndTheResponderMetrics() throws Exception {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        JsonNode widgets = dashboardBody().get("widgets");
        List<String> titles = new ArrayList<>();
        widgets.forEach(widget -> titles.add(widget.path("properties").path("title").asText()));
        for (String target : List.of("orders", "orders-orders-by-status", "orders-orders-by-customer", "sessions",
                "sessions-sessions-by-user", "audit.events")) {
            assertThat(titles).contains(target + ": throttle events by cause (per minute)",
                    target + ": capacity consumed against provisioned (units per second)");
        }
        JsonNode ordersThrottles = widgetTitled(widgets, "orders: throttle events by cause (per minute)");
        assertThat(metricNames(ordersThrottles)).containsExactlyInAnyOrder(
                "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
                "ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents",
                "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents", "ReadThrottleEvents", "WriteThrottleEvents");
        assertThat(metricNames(widgetTitled(widgets, "orders: capacity consumed against provisioned (units per second)")))
                .contains("ConsumedReadCapacityUnits", "ProvisionedReadCapacityUnits",
                        "ConsumedWriteCapacityUnits", "ProvisionedWriteCapacityUnits");
        assertThat(metricNames(widgetTitled(widgets, "Responder actions and notifications"))).containsExactlyInAnyOrder(
                "ActionsApplied", "ActionsPlanned", "ActionsFailed", "NotificationsIgnored", "NotificationsRejected");
        JsonNode responderMetric = widgetTitled(widgets, "Responder actions and notifications").path("properties").path("metrics").get(0);
        assertThat(responderMetric.get(0).asText()).isEqualTo("ThrottleResponder");
        assertThat(responderMetric.get(2).asText()).isEqualTo("Service");
        assertThat(responderMetric.get(3).asText()).isEqualTo("test-responder");
    }

    @Test
    void iam_tableActions_onlyOnTheWatchedTablesAndTheirIndexes() {
        Map<String, Object> statement = statementWithSid("WatchedTables");
        assertThat(renderAll(statement.get("Action"))).containsExactlyInAnyOrder("dynamodb:DescribeTable",
                "dynamodb:UpdateTable", "dynamodb:DescribeContributorInsights", "dynamodb:UpdateContributorInsights");
        String tables = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/";
        assertThat(renderAll(statement.get("Resource"))).containsExactlyInAnyOrder(
                tables + "orders", tables + "orders/index/*",
                tables + "sessions", tables + "sessions/index/*",
                tables + "audit.events", tables + "audit.events/index/*");
        assertThat(allStatements()).filteredOn(candidate -> renderAll(candidate.get("Action")).stream()
                        .anyMatch(action -> action.equals("dynamodb:UpdateTable") || action.startsWith("dynamodb:*")))
                .containsExactly(statement);
    }

    @Test
    void iam_ledgerActions_onlyOnTheLedger() {
        Map<String, Object> statement = statementWithSid("Ledger");
        assertThat(renderAll(statement.get("Resource")))
                .containsExactly("${" + logicalId("AWS::DynamoDB::Table", null) + ".Arn}");
        assertThat(renderAll(statement.get("Action"))).containsExactlyInAnyOrder("dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem");
    }

    @Test
    void iam_insightRuleReports_onlyForDynamoDbContributorInsightsRules() {
        Map<String, Object> statement = statementWithSid("ContributorInsightsRules");
        assertThat(renderAll(statement.get("Action"))).containsExactly("cloudwatch:GetInsightRuleReport");
        assertThat(renderAll(statement.get("Resource"))).containsExactly(
                "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:insight-rule/DynamoDBContributorInsights-*");
    }

    @Test
    void iam_serviceLinkedRole_onlyForContributorInsights() {
        Map<String, Object> statement = statementWithSid("ContributorInsightsServiceLinkedRole");
        assertThat(renderAll(statement.get("Action"))).containsExactly("iam:CreateServiceLinkedRole");
        assertThat(renderAll(statement.get("Resource"))).containsExactly("arn:${AWS::Partition}:iam::*:role/aws-service-role/"
                + "contributorinsights.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBContributorInsights");
        assertThat(statement.get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("iam:AWSServiceName", "contributorinsights.dynamodb.amazonaws.com")));
    }

    @Test
    void iam_publish_onlyToTheNotificationsTopic() {
        String notifications = "${" + logicalId("AWS::SNS::Topic", "test-responder-notifications") + "}";
        assertThat(allStatements()).filteredOn(statement -> renderAll(statement.get("Action")).stream()
                        .anyMatch(action -> action.startsWith("sns:")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(renderAll(statement.get("Action"))).containsExactly("sns:Publish");
                    assertThat(renderAll(statement.get("Resource"))).containsExactly(notifications);
                });
    }

    @Test
    void iam_unscopedResources_onlyForActionsAwsCannotScope() {
        List<String> unscoped = allStatements().stream()
                .filter(statement -> renderAll(statement.get("Resource")).contains("*"))
                .flatMap(statement -> renderAll(statement.get("Action")).stream())
                .toList();
        assertThat(unscoped).containsExactlyInAnyOrder("dynamodb:DescribeLimits", "cloudwatch:GetMetricData",
                "application-autoscaling:DescribeScalableTargets", "xray:PutTraceSegments", "xray:PutTelemetryRecords");
    }

    @Test
    void iam_scalableTargets_registeredOnlyInThisAccountAndRegion() {
        Map<String, Object> statement = statementWithSid("ScalableTargets");
        assertThat(renderAll(statement.get("Action"))).containsExactly("application-autoscaling:RegisterScalableTarget");
        assertThat(renderAll(statement.get("Resource"))).containsExactly(
                "arn:${AWS::Partition}:application-autoscaling:${AWS::Region}:${AWS::AccountId}:scalable-target/*");
    }

    private static List<String> alarmNames() {
        return template.findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> (String) properties(alarm).get("AlarmName"))
                .toList();
    }

    private static Map<String, Map<String, Object>> dynamoDbAlarms() {
        Map<String, Map<String, Object>> alarms = new java.util.LinkedHashMap<>(template.findResources("AWS::CloudWatch::Alarm"));
        alarms.values().removeIf(alarm -> "AWS/SQS".equals(properties(alarm).get("Namespace")));
        return alarms;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The logical id of the only resource of {@code type}, or of the one whose name property is {@code name}. */
    private static String logicalId(String type, String name) {
        Map<String, Map<String, Object>> resources = template.findResources(type);
        List<String> ids = resources.entrySet().stream()
                .filter(entry -> name == null || properties(entry.getValue()).containsValue(name))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentVariables() {
        Map<String, Object> function = template.findResources("AWS::Lambda::Function").values().iterator().next();
        return (Map<String, Object>) ((Map<String, Object>) properties(function).get("Environment")).get("Variables");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> allStatements() {
        return template.findResources("AWS::IAM::Policy").values().stream()
                .flatMap(policy -> ((List<Map<String, Object>>) ((Map<String, Object>) properties(policy).get("PolicyDocument"))
                        .get("Statement")).stream())
                .toList();
    }

    private static Map<String, Object> statementWithSid(String sid) {
        return allStatements().stream().filter(statement -> sid.equals(statement.get("Sid"))).findFirst().orElseThrow();
    }

    private static JsonNode dashboardBody() throws Exception {
        Map<String, Object> dashboard = template.findResources("AWS::CloudWatch::Dashboard").values().iterator().next();
        return JSON.readTree(render(properties(dashboard).get("DashboardBody")));
    }

    private static JsonNode widgetTitled(JsonNode widgets, String title) {
        for (JsonNode widget : widgets) {
            if (title.equals(widget.path("properties").path("title").asText())) {
                return widget;
            }
        }
        throw new AssertionError("no widget titled " + title);
    }

    /** Metric arrays are [namespace, name, dimension name, value, ...]; expressions are objects and have none. */
    private static List<String> metricNames(JsonNode widget) {
        List<String> names = new ArrayList<>();
        widget.path("properties").path("metrics").forEach(metric -> {
            if (metric.isArray() && metric.get(0).isTextual()) {
                names.add(metric.get(1).asText());
            }
        });
        return names;
    }
}
