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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack for src/test/resources/test-config.json: orders (provisioned, two GSIs), sessions (on-demand, one GSI), audit.events (on-demand). */
class ThrottleResponderStackTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DYNAMODB_ALARMS = 11 + 2 * 10 + 9 + 8 + 9;
    private static final String ALARM_HANDLER = ThrottleResponder.HANDLER;
    private static final String FOLLOW_UP_HANDLER = ThrottleResponder.FOLLOW_UP_HANDLER;
    private static final String THIS_ACCOUNT_AND_REGION = "arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}:";

    private static Path assembly;
    private static Template template;

    @BeforeAll
    static void synthesize() throws Exception {
        Path functionCode = Files.createTempDirectory("function-code");
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        assembly = ThrottleResponderApp.synthesizeAssembly(Path.of("src/test/resources/test-config.json"), functionCode);
        template = PolicyLayerContent.template(assembly, "test-responder");
    }

    @Test
    void alarms_areOnePerSignalForEachWatchedTableAndIndex_plusOnePerDeadLetterQueue() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", DYNAMODB_ALARMS + 2);
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
    void alarms_forProvisionedIndex_useTheIndexDimensionWithAccountLimitButNoLatency() {
        assertThat(alarmNames()).filteredOn(name -> name.startsWith("test-responder-orders-orders-by-status-"))
                .containsExactlyInAnyOrder(Stream.of(
                        "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
                        "ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents",
                        "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents", "ReadThrottleEvents", "WriteThrottleEvents", "ReadCapacityUtilization", "WriteCapacityUtilization")
                        .map(signal -> "test-responder-orders-orders-by-status-" + signal).toArray(String[]::new));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-orders-orders-by-status-WriteProvisionedThroughputThrottleEvents",
                "Metrics", throttleEventsFilledWithZero("WriteProvisionedThroughputThrottleEvents", List.of(
                        Map.of("Name", "GlobalSecondaryIndexName", "Value", "orders-by-status"),
                        Map.of("Name", "TableName", "Value", "orders")))));
    }

    @Test
    void alarms_forOnDemandIndex_includeMaxOnDemandThrottles() {
        assertThat(alarmNames()).filteredOn(name -> name.startsWith("test-responder-sessions-sessions-by-user-"))
                .containsExactlyInAnyOrder(Stream.of(
                        "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",
                        "ReadMaxOnDemandThroughputThrottleEvents", "WriteMaxOnDemandThroughputThrottleEvents",
                        "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents",
                        "ReadThrottleEvents", "WriteThrottleEvents")
                        .map(signal -> "test-responder-sessions-sessions-by-user-" + signal).toArray(String[]::new));
    }

    @Test
    void alarms_onThrottleEvents_sumOneMinuteWithQuietMinutesAsZero_againstTheConfiguredThreshold() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-sessions-ReadMaxOnDemandThroughputThrottleEvents",
                "Metrics", throttleEventsFilledWithZero("ReadMaxOnDemandThroughputThrottleEvents",
                        List.of(Map.of("Name", "TableName", "Value", "sessions"))),
                "Threshold", 40,
                "ComparisonOperator", "GreaterThanThreshold"));
    }

    @Test
    void alarms_onWriteAccountLimit_useTheTableNameDimensionOnly() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-orders-WriteAccountLimitThrottleEvents",
                "Metrics", throttleEventsFilledWithZero("WriteAccountLimitThrottleEvents",
                        List.of(Map.of("Name", "TableName", "Value", "orders")))));
    }

    /**
     * DynamoDB publishes a throttle metric only in minutes that throttled, and alarms on AWS/DynamoDB
     * metrics ignore TreatMissingData: FILL(m1, 0) lets the alarm see a quiet minute and return to OK.
     */
    private static List<Object> throttleEventsFilledWithZero(String metricName, List<Map<String, String>> dimensions) {
        return List.of(
                Match.objectLike(Map.of("Id", "expr_1", "Expression", "FILL(m1, 0)", "ReturnData", true)),
                Match.objectLike(Map.of("Id", "m1", "ReturnData", false, "MetricStat", Map.of(
                        "Metric", Map.of("Namespace", "AWS/DynamoDB", "MetricName", metricName, "Dimensions", dimensions),
                        "Period", 60, "Stat", "Sum"))));
    }

    @Test
    void alarms_onCapacityUtilization_divideConsumedPerSecondByTheLatestProvisioned() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "test-responder-orders-orders-by-customer-WriteCapacityUtilization",
                "Threshold", 70,
                "Metrics", List.of(
                        Match.objectLike(Map.of("Id", "expr_1", "Expression", "(FILL(m1, 0) / 60) / FILL(m2, REPEAT) * 100", "ReturnData", true)),
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
    void alarms_onLatency_averageTheTablesOperationsWithoutPercentiles_zeroWithoutRequests() {
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
        metrics.add(Match.objectLike(Map.of("Expression", "FILL(AVG([m1,m2,m3,m4]), 0)", "ReturnData", true)));
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
        String aliasId = aliasOf(ALARM_HANDLER);
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
    void functions_areTheAlarmHandlerAndTheFollowUpHandler() {
        template.resourceCountIs("AWS::Lambda::Function", 2);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "test-responder-alarm-handler", "Handler", ALARM_HANDLER, "Timeout", 60));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "test-responder-follow-up-handler", "Handler", FOLLOW_UP_HANDLER, "Timeout", 120));
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void function_runsJava21OnArm64WithSnapStartTracingAndItsOwnLogGroup(String handler) {
        Map<String, Object> function = properties(template.findResources("AWS::Lambda::Function").get(functionOf(handler)));
        assertThat(function)
                .containsEntry("Runtime", "java21")
                .containsEntry("Architectures", List.of("arm64"))
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("TracingConfig", Map.of("Mode", "Active"))
                .containsEntry("MemorySize", 1024);
        String logGroupId = logicalId("AWS::Logs::LogGroup", "/aws/lambda/" + function.get("FunctionName"));
        assertThat(function).containsEntry("LoggingConfig", Map.of("LogGroup", Map.of("Ref", logGroupId)));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/lambda/" + function.get("FunctionName"), "RetentionInDays", 30));
    }

    @Test
    void functions_shareOneCodeAsset() {
        List<Object> code = template.findResources("AWS::Lambda::Function").values().stream()
                .map(function -> properties(function).get("Code"))
                .distinct()
                .toList();
        assertThat(code).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void function_liveAlias_pointsAtAPublishedVersionOfThatFunction(String handler) {
        template.resourceCountIs("AWS::Lambda::Version", 2);
        Map<String, Object> alias = properties(template.findResources("AWS::Lambda::Alias").get(aliasOf(handler)));
        assertThat(alias).containsEntry("Name", "live");
        @SuppressWarnings("unchecked")
        String versionId = ((List<String>) ((Map<String, Object>) alias.get("FunctionVersion")).get("Fn::GetAtt")).get(0);
        assertThat(properties(template.findResources("AWS::Lambda::Version").get(versionId)))
                .containsEntry("FunctionName", Map.of("Ref", functionOf(handler)));
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void function_environment_followsTheContract(String handler) {
        Map<String, Object> variables = environmentVariables(handler);
        assertThat(variables).containsOnlyKeys("RESPONDER_POLICY_FILE", "LEDGER_TABLE_NAME", "NOTIFICATIONS_TOPIC_ARN",
                "RESPONDER_ACCOUNT_ID", "FOLLOW_UP_QUEUE_URL", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE",
                "POWERTOOLS_LOG_LEVEL", "DASHBOARD_NAME", "RUNBOOK_URL");
        assertThat(variables)
                .containsEntry("RESPONDER_POLICY_FILE", "/opt/throttle-responder/policy.json")
                .containsEntry("DASHBOARD_NAME", "test-responder")
                .containsEntry("RUNBOOK_URL", "https://wiki.example.com/runbooks/dynamodb")
                .containsEntry("RESPONDER_ACCOUNT_ID", Map.of("Ref", "AWS::AccountId"))
                .containsEntry("LEDGER_TABLE_NAME", Map.of("Ref", logicalId("AWS::DynamoDB::Table", null)))
                .containsEntry("NOTIFICATIONS_TOPIC_ARN", Map.of("Ref", logicalId("AWS::SNS::Topic", "test-responder-notifications")))
                .containsEntry("FOLLOW_UP_QUEUE_URL", Map.of("Ref", logicalId("AWS::SQS::Queue", "test-responder-follow-ups")))
                .containsEntry("POWERTOOLS_SERVICE_NAME", "test-responder")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "ThrottleResponder")
                .containsEntry("POWERTOOLS_LOG_LEVEL", "INFO");
    }

    @Test
    void followUpHandler_environment_isTheAlarmHandlersWithTheSamePolicy() {
        assertThat(environmentVariables(FOLLOW_UP_HANDLER)).isEqualTo(environmentVariables(ALARM_HANDLER));
    }

    @Test
    void responder_policy_isGeneratedFromTheConfiguration() throws Exception {
        JsonNode policy = PolicyLayerContent.policy(template, assembly);
        assertThat(policy.get("dryRun").booleanValue()).isTrue();
        assertThat(policy.get("killSwitch").booleanValue()).isFalse();
        assertThat(policy.get("defaults")).isEqualTo(JSON.readTree("{\"cooldownMinutes\":10,\"maskKeys\":true}"));
        assertThat(policy.get("tables")).isEqualTo(JSON.readTree(
                "{\"orders\":{\"scaleFactor\":2.0,\"maxWriteCapacityUnits\":5000},\"sessions\":{},\"audit.events\":{\"dryRun\":false}}"));
    }

    @Test
    void responder_failedAsyncInvocations_retryTwiceThenGoToAnEncryptedQueueWithAnAlarm() {
        String queueId = logicalId("AWS::SQS::Queue", "test-responder-failed-invocations");
        template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 1);
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 2,
                "Qualifier", Match.objectLike(Map.of("Fn::Select", List.of(7, Map.of("Fn::Split",
                        List.of(":", Map.of("Ref", aliasOf(ALARM_HANDLER))))))),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Map.of("Fn::GetAtt", List.of(queueId, "Arn"))))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "test-responder-failed-invocations", "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 14 * 24 * 3600));
        assertNotifiesPeopleWhenAMessageWaitsIn(queueId);
    }

    @Test
    void followUpQueue_isEncryptedAndHidesAReceivedMessageForSixFollowUpTimeouts() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "test-responder-follow-ups",
                "SqsManagedSseEnabled", true,
                "VisibilityTimeout", 6 * 120));
    }

    @Test
    void followUpQueue_movesAMessageReceivedThreeTimesToItsDeadLetterQueue() {
        String deadLetterQueueId = logicalId("AWS::SQS::Queue", "test-responder-failed-follow-ups");
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "test-responder-follow-ups",
                "RedrivePolicy", Map.of(
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(deadLetterQueueId, "Arn")),
                        "maxReceiveCount", 5)));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "test-responder-failed-follow-ups", "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 14 * 24 * 3600));
        assertNotifiesPeopleWhenAMessageWaitsIn(deadLetterQueueId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-responder-failed-invocations", "test-responder-follow-ups", "test-responder-failed-follow-ups"})
    void queue_deniesRequestsWithoutTls(String queueName) {
        template.resourceCountIs("AWS::SQS::Queue", 3);
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", logicalId("AWS::SQS::Queue", queueName))),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "sqs:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void followUpHandler_consumesTheFollowUpQueueThroughItsLiveAliasReportingBatchItemFailures() {
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        Map<String, Object> mapping = properties(template.findResources("AWS::Lambda::EventSourceMapping").values().iterator().next());
        assertThat(mapping)
                .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue", "test-responder-follow-ups"), "Arn")))
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                .containsEntry("BatchSize", 5)
                .doesNotContainKey("MaximumBatchingWindowInSeconds")
                // The alias ARN's function name, qualified by the alias: the mapping invokes the SnapStart version.
                .containsEntry("FunctionName", Map.of("Fn::Join", List.of("", List.of(
                        Map.of("Fn::Select", List.of(6, Map.of("Fn::Split", List.of(":", Map.of("Ref", aliasOf(FOLLOW_UP_HANDLER)))))),
                        ":live"))));
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
            assertThat(titles).contains(target + ": throttle events by cause (per minute)");
            assertThat(titles).containsAnyOf(target + ": capacity consumed against provisioned (units per second)",
                    target + ": capacity consumed, on-demand (request units per second)");
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
                "ActionsApplied", "ActionsPlanned", "ActionsFailed", "NotificationsIgnored", "NotificationsRejected",
                "NotificationsFailed");
        JsonNode responderMetric = widgetTitled(widgets, "Responder actions and notifications").path("properties").path("metrics").get(0);
        assertThat(responderMetric.get(0).asText()).isEqualTo("ThrottleResponder");
        assertThat(responderMetric.get(2).asText()).isEqualTo("Service");
        assertThat(responderMetric.get(3).asText()).isEqualTo("test-responder");
    }

    @Test
    void dashboard_showsEveryAlarmsStatus_thresholds_utilizationAndLatency_andOnDemandWidgetsTitledSo() throws Exception {
        JsonNode widgets = dashboardBody().get("widgets");
        List<JsonNode> statuses = new ArrayList<>();
        widgets.forEach(w -> {
            if (w.path("type").asText().equals("alarm")) {
                statuses.add(w);
            }
        });
        int shown = statuses.stream().mapToInt(w -> w.path("properties").path("alarms").size()).sum();
        assertThat(shown).isEqualTo(template.findResources("AWS::CloudWatch::Alarm").size() - 2);
        JsonNode throttles = widgetTitled(widgets, "orders: throttle events by cause (per minute)");
        assertThat(throttles.path("properties").path("annotations").path("horizontal").get(0).path("label").asText())
                .isEqualTo("alarm threshold");
        assertThat(widgetTitled(widgets, "orders: capacity utilization (% of provisioned)").path("properties")
                .path("annotations").path("horizontal").get(0).path("value").asDouble()).isPositive();
        assertThat(metricNames(widgetTitled(widgets, "orders: average request latency (ms)")))
                .contains("SuccessfulRequestLatency");
        assertThat(widgetTitled(widgets, "sessions: capacity consumed, on-demand (request units per second)")).isNotNull();
    }

    @Test
    void dashboard_showsActionsByTable_functionDurations_andTheRecentDecisionsFromTheLogs() throws Exception {
        JsonNode widgets = dashboardBody().get("widgets");
        assertThat(widgetTitled(widgets, "Responder actions by table").toString())
                .contains("SEARCH('{ThrottleResponder,Service,TableName}");
        assertThat(metricNames(widgetTitled(widgets, "Function duration (ms): responder and follow-ups, average and maximum")))
                .contains("Duration");
        JsonNode logs = widgetTitled(widgets, "Responder's recent decisions");
        assertThat(logs.path("type").asText()).isEqualTo("log");
        assertThat(logs.path("properties").path("query").asText()).contains("filter message = 'alarm handled'");
    }

    @Test
    void dashboard_showsTheFollowUpHandlersHealthAndHowLongFollowUpsWait() throws Exception {
        JsonNode widgets = dashboardBody().get("widgets");
        assertThat(metricNames(widgetTitled(widgets, "Follow-ups: errors, throttles, failed messages")))
                .containsExactlyInAnyOrder("Errors", "Throttles", "ApproximateNumberOfMessagesVisible");
        assertThat(metricNames(widgetTitled(widgets, "Follow-ups: age of the oldest waiting message (seconds)")))
                .containsExactly("ApproximateAgeOfOldestMessage");
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_tableActions_onlyOnTheWatchedTablesAndTheirIndexes(String handler) {
        Map<String, Object> statement = statementWithSid(handler, "WatchedTables");
        assertThat(renderAll(statement.get("Action"))).containsExactlyInAnyOrder("dynamodb:DescribeTable",
                "dynamodb:UpdateTable", "dynamodb:DescribeContributorInsights", "dynamodb:UpdateContributorInsights");
        String tables = THIS_ACCOUNT_AND_REGION.formatted("dynamodb") + "table/";
        assertThat(renderAll(statement.get("Resource"))).containsExactlyInAnyOrder(
                tables + "orders", tables + "orders/index/*",
                tables + "sessions", tables + "sessions/index/*",
                tables + "audit.events", tables + "audit.events/index/*");
        assertThat(statementsOf(handler)).filteredOn(candidate -> renderAll(candidate.get("Action")).stream()
                        .anyMatch(action -> action.equals("dynamodb:UpdateTable") || action.startsWith("dynamodb:*")))
                .containsExactly(statement);
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_ledgerActions_onlyOnTheLedger(String handler) {
        Map<String, Object> statement = statementWithSid(handler, "Ledger");
        assertThat(renderAll(statement.get("Resource")))
                .containsExactly("${" + logicalId("AWS::DynamoDB::Table", null) + ".Arn}");
        assertThat(renderAll(statement.get("Action"))).containsExactlyInAnyOrder("dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem");
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_insightRuleReports_onlyForDynamoDbContributorInsightsRules(String handler) {
        Map<String, Object> statement = statementWithSid(handler, "ContributorInsightsRules");
        assertThat(renderAll(statement.get("Action"))).containsExactly("cloudwatch:GetInsightRuleReport");
        assertThat(renderAll(statement.get("Resource"))).containsExactly(
                THIS_ACCOUNT_AND_REGION.formatted("cloudwatch") + "insight-rule/DynamoDBContributorInsights-*");
    }

    @Test
    void iam_serviceLinkedRole_onlyForContributorInsights() {
        Map<String, Object> statement = statementWithSid(ALARM_HANDLER, "ContributorInsightsServiceLinkedRole");
        assertThat(renderAll(statement.get("Action"))).containsExactly("iam:CreateServiceLinkedRole");
        assertThat(renderAll(statement.get("Resource"))).containsExactly("arn:${AWS::Partition}:iam::*:role/aws-service-role/"
                + "contributorinsights.dynamodb.amazonaws.com/AWSServiceRoleForDynamoDBContributorInsights");
        assertThat(statement.get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("iam:AWSServiceName", "contributorinsights.dynamodb.amazonaws.com")));
    }

    @Test
    void iam_followUpHandler_createsNoServiceLinkedRoleSinceItOnlyDisablesContributorInsights() {
        assertThat(actionsOf(FOLLOW_UP_HANDLER)).noneMatch(action -> action.startsWith("iam:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_publish_onlyToTheNotificationsTopic(String handler) {
        String notifications = "${" + logicalId("AWS::SNS::Topic", "test-responder-notifications") + "}";
        assertThat(statementsOf(handler)).filteredOn(statement -> renderAll(statement.get("Action")).stream()
                        .anyMatch(action -> action.startsWith("sns:")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(renderAll(statement.get("Action"))).containsExactly("sns:Publish");
                    assertThat(renderAll(statement.get("Resource"))).containsExactly(notifications);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_unscopedResources_onlyForActionsAwsCannotScope(String handler) {
        List<String> unscoped = statementsOf(handler).stream()
                .filter(statement -> renderAll(statement.get("Resource")).contains("*"))
                .flatMap(statement -> renderAll(statement.get("Action")).stream())
                .toList();
        assertThat(unscoped).containsExactlyInAnyOrder("dynamodb:DescribeLimits", "cloudwatch:GetMetricData",
                "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
                "xray:PutTraceSegments", "xray:PutTelemetryRecords");
    }

    /** cfn-lint W3005: a DependsOn on the role the function already names by Fn::GetAtt is redundant. */
    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    @SuppressWarnings("unchecked")
    void function_dependsOnItsRolesPolicies_butNotOnTheRoleItNamesAlready(String handler) {
        Map<String, Object> function = template.findResources("AWS::Lambda::Function").get(functionOf(handler));
        String roleId = ((List<String>) ((Map<String, Object>) properties(function).get("Role")).get("Fn::GetAtt")).get(0);
        List<String> policies = template.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(policy -> ((List<Object>) properties(policy.getValue()).get("Roles")).contains(Map.of("Ref", roleId)))
                .map(Map.Entry::getKey)
                .toList();

        assertThat(policies).isNotEmpty();
        assertThat((List<String>) function.get("DependsOn")).containsExactlyInAnyOrderElementsOf(policies).doesNotContain(roleId);
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_scalableTargets_registeredOnlyInThisAccountAndRegion(String handler) {
        Map<String, Object> statement = statementWithSid(handler, "ScalableTargets");
        assertThat(renderAll(statement.get("Action"))).containsExactly("application-autoscaling:RegisterScalableTarget");
        assertThat(renderAll(statement.get("Resource"))).containsExactly(
                THIS_ACCOUNT_AND_REGION.formatted("application-autoscaling") + "scalable-target/*");
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_scalingPolicies_putOnlyForDynamoDb_inThisAccountAndRegion(String handler) {
        Map<String, Object> statement = statementWithSid(handler, "ScalingPolicies");
        assertThat(renderAll(statement.get("Action"))).containsExactly("application-autoscaling:PutScalingPolicy");
        assertThat(renderAll(statement.get("Resource"))).containsExactly(
                THIS_ACCOUNT_AND_REGION.formatted("application-autoscaling") + "scalable-target/*");
        assertThat(statement.get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("application-autoscaling:service-namespace", "dynamodb")));
        // Reading the policies needs DescribeScalingPolicies, which AWS allows on "*" only.
        assertThat(statementsOf(handler).stream().flatMap(s -> renderAll(s.get("Action")).stream()))
                .contains("application-autoscaling:DescribeScalingPolicies");
    }

    @ParameterizedTest
    @ValueSource(strings = {ALARM_HANDLER, FOLLOW_UP_HANDLER})
    void iam_sendMessage_onlyToTheFollowUpQueueAndTheDeadLetterDestination(String handler) {
        String followUps = "${" + logicalId("AWS::SQS::Queue", "test-responder-follow-ups") + ".Arn}";
        Map<String, Object> statement = statementWithSid(handler, "ScheduleFollowUps");
        assertThat(renderAll(statement.get("Action"))).containsExactly("sqs:SendMessage");
        assertThat(renderAll(statement.get("Resource"))).containsExactly(followUps);
        String failedInvocations = "${" + logicalId("AWS::SQS::Queue", "test-responder-failed-invocations") + ".Arn}";
        List<String> allowedTargets = handler.equals(ALARM_HANDLER) ? List.of(followUps, failedInvocations) : List.of(followUps);
        assertThat(statementsOf(handler)).filteredOn(candidate -> renderAll(candidate.get("Action")).contains("sqs:SendMessage"))
                .flatMap(candidate -> renderAll(candidate.get("Resource")))
                .containsExactlyInAnyOrderElementsOf(allowedTargets);
    }

    @Test
    void iam_receiveFromTheFollowUpQueue_onlyForTheFollowUpHandler() {
        String followUps = "${" + logicalId("AWS::SQS::Queue", "test-responder-follow-ups") + ".Arn}";
        assertThat(statementsOf(FOLLOW_UP_HANDLER)).filteredOn(statement -> renderAll(statement.get("Action")).contains("sqs:ReceiveMessage"))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(renderAll(statement.get("Action"))).contains("sqs:ReceiveMessage", "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes");
                    assertThat(renderAll(statement.get("Resource"))).containsExactly(followUps);
                });
        assertThat(actionsOf(ALARM_HANDLER)).doesNotContain("sqs:ReceiveMessage", "sqs:DeleteMessage");
    }

    @Test
    void iam_describeAndSetAlarmState_onlyForThisDeploymentsAlarmsAndOnlyForTheFollowUpHandler() {
        Map<String, Object> statement = statementWithSid(FOLLOW_UP_HANDLER, "ThisDeploymentsAlarms");
        assertThat(renderAll(statement.get("Action"))).containsExactlyInAnyOrder("cloudwatch:DescribeAlarms",
                "cloudwatch:DescribeAlarmContributors", "cloudwatch:SetAlarmState");
        assertThat(renderAll(statement.get("Resource"))).containsExactly(
                THIS_ACCOUNT_AND_REGION.formatted("cloudwatch") + "alarm:test-responder-*");
        assertThat(actionsOf(ALARM_HANDLER)).doesNotContain("cloudwatch:DescribeAlarms", "cloudwatch:SetAlarmState");
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

    private static String functionOf(String handler) {
        return logicalId("AWS::Lambda::Function", handler);
    }

    /** The logical id of the alias whose function runs {@code handler}. */
    private static String aliasOf(String handler) {
        Map<String, Object> functionRef = Map.of("Ref", functionOf(handler));
        List<String> ids = template.findResources("AWS::Lambda::Alias").entrySet().stream()
                .filter(entry -> functionRef.equals(properties(entry.getValue()).get("FunctionName")))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentVariables(String handler) {
        Map<String, Object> function = template.findResources("AWS::Lambda::Function").get(functionOf(handler));
        return (Map<String, Object>) ((Map<String, Object>) properties(function).get("Environment")).get("Variables");
    }

    /** Every statement of the policies attached to the role that the function running {@code handler} assumes. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(String handler) {
        Map<String, Object> function = template.findResources("AWS::Lambda::Function").get(functionOf(handler));
        String roleId = ((List<String>) ((Map<String, Object>) properties(function).get("Role")).get("Fn::GetAtt")).get(0);
        return template.findResources("AWS::IAM::Policy").values().stream()
                .filter(policy -> ((List<Object>) properties(policy).get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(policy -> ((List<Map<String, Object>>) ((Map<String, Object>) properties(policy).get("PolicyDocument"))
                        .get("Statement")).stream())
                .toList();
    }

    private static List<String> actionsOf(String handler) {
        return statementsOf(handler).stream().flatMap(statement -> renderAll(statement.get("Action")).stream()).toList();
    }

    private static Map<String, Object> statementWithSid(String handler, String sid) {
        return statementsOf(handler).stream().filter(statement -> sid.equals(statement.get("Sid"))).findFirst().orElseThrow();
    }

    private static void assertNotifiesPeopleWhenAMessageWaitsIn(String queueId) {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(queueId, "QueueName")))),
                "Statistic", "Maximum",
                "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold",
                "AlarmActions", List.of(Map.of("Ref", logicalId("AWS::SNS::Topic", "test-responder-notifications")))));
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
