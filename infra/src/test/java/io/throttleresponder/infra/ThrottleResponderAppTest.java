package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.infra.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ThrottleResponderAppTest {

    private static final Path EXAMPLE_CONFIG = Path.of("..", ThrottleResponderApp.DEFAULT_CONFIG);

    @TempDir
    static Path workDir;
    private static Path functionCode;

    @BeforeAll
    static void standInFunctionCode() throws Exception {
        functionCode = Files.createDirectory(workDir.resolve("function-code"));
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
    }

    @Test
    void synthesize_exampleConfiguration_createsAlarmsForBothTablesAndTheResponderWithItsFollowUps() {
        Template template = ThrottleResponderApp.synthesize(EXAMPLE_CONFIG, functionCode);

        // orders (provisioned): 11; its GSI by-status: 10; sessions (on-demand): 9; one per dead-letter queue: 2.
        template.resourceCountIs("AWS::CloudWatch::Alarm", 32);
        template.resourceCountIs("AWS::SNS::Topic", 2);
        // The alarm handler and the follow-up handler.
        template.resourceCountIs("AWS::Lambda::Function", 2);
        // The responder's failed invocations, the follow-up queue and its dead-letter queue.
        template.resourceCountIs("AWS::SQS::Queue", 3);
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "throttle-responder-orders-by-status-ReadProvisionedThroughputThrottleEvents"));
    }

    @Test
    void synthesize_twice_writesTheSameTemplate() {
        Path config = Path.of("src/test/resources/test-config.json");

        assertThat(ThrottleResponderApp.synthesize(config, functionCode).toJSON())
                .isEqualTo(ThrottleResponderApp.synthesize(config, functionCode).toJSON());
    }

    @Test
    void synthesize_tablesReordered_keepsEveryAlarmsLogicalId() throws Exception {
        String orders = "{ \"name\": \"orders\", \"billingMode\": \"PROVISIONED\", \"indexes\": [\"by-status\"] }";
        String sessions = "{ \"name\": \"sessions\", \"billingMode\": \"PAY_PER_REQUEST\" }";
        String file = "{ \"notifications\": { \"emails\": [\"oncall@example.com\"] }, \"tables\": [ %s, %s ] }";
        Path ordersFirst = Files.writeString(workDir.resolve("orders-first.json"), file.formatted(orders, sessions));
        Path sessionsFirst = Files.writeString(workDir.resolve("sessions-first.json"), file.formatted(sessions, orders));

        assertThat(ThrottleResponderApp.synthesize(sessionsFirst, functionCode).findResources("AWS::CloudWatch::Alarm").keySet())
                .isEqualTo(ThrottleResponderApp.synthesize(ordersFirst, functionCode).findResources("AWS::CloudWatch::Alarm").keySet());
    }

    @Test
    void synthesize_withChatTopic_publishesToItAndSubscribesTheEmailsThere() throws Exception {
        String chatTopic = "arn:aws:sns:eu-west-1:123456789012:team-chat";
        Path config = workDir.resolve("chat.json");
        Files.writeString(config, """
                {
                  "notifications": { "emails": ["oncall@example.com"], "chatTopicArn": "%s" },
                  "tables": [ { "name": "orders", "billingMode": "PROVISIONED" } ]
                }
                """.formatted(chatTopic));

        Template template = ThrottleResponderApp.synthesize(config, functionCode);

        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com", "TopicArn", chatTopic));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(
                        Map.of("NOTIFICATIONS_TOPIC_ARN", chatTopic)))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(
                        Map.of("Sid", "Notify", "Action", "sns:Publish", "Resource", chatTopic)))))));
    }

    @Test
    void synthesize_invalidConfiguration_failsNamingTheFileBeforeAnythingIsSynthesized() throws Exception {
        Path config = workDir.resolve("bad.json");
        Files.writeString(config, """
                { "notifications": { "emails": ["oncall@example.com"] },
                  "tables": [ { "name": "orders", "billingMode": "PROVISIONED", "thresholds": { "utilizationPercent": 0 } } ] }
                """);

        assertThatThrownBy(() -> ThrottleResponderApp.synthesize(config, functionCode))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("tables[0].thresholds.utilizationPercent: must be greater than 0");
    }

    /** 40 tables' settings made a policy past the 3,072 bytes the environment had room for; in the policy layer it fits. */
    @Test
    void synthesize_policyPastTheLambdaEnvironmentsSize_goesWholeIntoThePolicyLayer() throws Exception {
        StringBuilder tables = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            tables.append(i == 0 ? "" : ",").append("""
                    { "name": "table-number-%03d-with-a-longer-name", "billingMode": "PAY_PER_REQUEST",
                      "policy": { "scaleFactor": 2.5, "maxOnDemandReadRequestUnits": 12000 } }
                    """.formatted(i));
        }
        Path config = workDir.resolve("large.json");
        Files.writeString(config, """
                { "notifications": { "emails": ["oncall@example.com"] }, "tables": [ %s ] }
                """.formatted(tables));

        Path assembly = ThrottleResponderApp.synthesizeAssembly(config, functionCode);
        JsonNode policy = PolicyLayerContent.policy(PolicyLayerContent.template(assembly, "throttle-responder"), assembly);

        assertThat(policy.toString().length()).isGreaterThan(3072);
        assertThat(policy.get("tables")).hasSize(40);
        assertThat(policy.at("/tables/table-number-039-with-a-longer-name/maxOnDemandReadRequestUnits").asInt()).isEqualTo(12000);
    }

    @Test
    void synthesize_tablesPastWhatTheMainStackHolds_goInFileOrderToANestedStack() throws Exception {
        StringBuilder tables = new StringBuilder();
        for (int i = 0; i < 39; i++) {
            tables.append(i == 0 ? "" : ",").append("""
                    { "name": "t%03d", "billingMode": "PROVISIONED" }
                    """.formatted(i));
        }
        Path config = workDir.resolve("many.json");
        Files.writeString(config, """
                { "notifications": { "emails": ["oncall@example.com"] }, "tables": [ %s ] }
                """.formatted(tables));

        List<Template> templates = ThrottleResponderApp.synthesizeAll(config, functionCode);

        // 39 tables of 11 alarms: more than the 419 resources the main stack has left (500, less 60 of its own, 20 for
        // the roles' managed policies and 1 for the nested stack), so the last ones go to TableAlarms2, whole.
        assertThat(templates).hasSize(2);
        int nested = templates.get(1).findResources("AWS::CloudWatch::Alarm").size();
        assertThat(nested).isPositive().isEqualTo(11 * (nested / 11));
        assertThat(templates.get(0).findResources("AWS::CloudWatch::Alarm")).hasSize(39 * 11 - nested + 2);
        assertThat(templates.get(0).toJSON().toString()).contains("throttle-responder-t000-");
        assertThat(templates.get(1).toJSON().toString()).contains("throttle-responder-t038-")
                .doesNotContain("throttle-responder-t000-");
    }
}
