package io.throttleresponder.wiring;

import io.throttleresponder.intake.OwnAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponderConfigTest {

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("RESPONDER_POLICY", "{\"tables\": {\"orders\": {}}}");
        env.put("LEDGER_TABLE_NAME", "ledger");
        env.put("NOTIFICATIONS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:notifications");
        env.put("AWS_REGION", "us-east-1");
        env.put("RESPONDER_ACCOUNT_ID", "123456789012");
        return env;
    }

    @Test
    void fromEnvironment_readsEveryValue() {
        Map<String, String> env = environment();
        env.put("FOLLOW_UP_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/follow-ups");
        env.put("AWS_ENDPOINT_URL", "http://localhost:4566");

        ResponderConfig config = ResponderConfig.fromEnvironment(env);

        assertThat(config.policy().watchedTables()).containsExactly("orders");
        assertThat(config.ledgerTableName()).isEqualTo("ledger");
        assertThat(config.followUpQueueUrl()).endsWith("/follow-ups");
        assertThat(config.endpointOverride()).hasToString("http://localhost:4566");
        assertThat(config.ownAccount()).isEqualTo(new OwnAccount("123456789012", "us-east-1"));
    }

    @Test
    void fromEnvironment_accountIdNotTwelveDigits_namesIt() {
        Map<String, String> env = environment();
        env.put("RESPONDER_ACCOUNT_ID", "12345");

        assertThatThrownBy(() -> ResponderConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("RESPONDER_ACCOUNT_ID: an account ID is 12 digits, was 12345");
    }

    @Test
    void fromEnvironment_withoutOptionalValues_leavesThemNull() {
        ResponderConfig config = ResponderConfig.fromEnvironment(environment());

        assertThat(config.followUpQueueUrl()).isNull();
        assertThat(config.endpointOverride()).isNull();
    }

    @Test
    void fromEnvironment_missingRequiredValue_namesIt() {
        for (String name : new String[] {"LEDGER_TABLE_NAME", "NOTIFICATIONS_TOPIC_ARN", "AWS_REGION", "RESPONDER_ACCOUNT_ID"}) {
            Map<String, String> env = environment();
            env.put(name, " ");

            assertThatThrownBy(() -> ResponderConfig.fromEnvironment(env))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("environment variable " + name + " is not set");
        }
    }

    @Test
    void fromEnvironment_withoutAPolicy_namesTheFileVariableAndTheDocumentOne() {
        Map<String, String> env = environment();
        env.remove("RESPONDER_POLICY");

        assertThatThrownBy(() -> ResponderConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("environment variable RESPONDER_POLICY_FILE (or, for small policies, RESPONDER_POLICY) is not set");
    }

    @Test
    void fromEnvironment_readsThePolicyFile_whichWinsOverThePolicyVariable(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), "{\"tables\": {\"payments\": {}, \"carts\": {}}}");
        Map<String, String> env = environment();
        env.put("RESPONDER_POLICY_FILE", file.toString());

        assertThat(ResponderConfig.fromEnvironment(env).policy().watchedTables()).containsExactlyInAnyOrder("payments", "carts");
    }

    @Test
    void fromEnvironment_policyFileMissingOrBad_namesTheFile(@TempDir Path dir) throws Exception {
        Map<String, String> env = environment();
        env.put("RESPONDER_POLICY_FILE", dir.resolve("absent.json").toString());

        assertThatThrownBy(() -> ResponderConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("cannot read the policy file " + dir.resolve("absent.json"));

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"defaults\": {\"cooldownMinutes\": \"soon\"}}");
        env.put("RESPONDER_POLICY_FILE", bad.toString());
        assertThatThrownBy(() -> ResponderConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("defaults.cooldownMinutes");
    }

    @Test
    void fromEnvironment_badPolicy_namesTheKey() {
        Map<String, String> env = environment();
        env.put("RESPONDER_POLICY", "{\"defaults\": {\"cooldownMinutes\": \"soon\"}}");

        assertThatThrownBy(() -> ResponderConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("RESPONDER_POLICY")
                .hasMessageContaining("defaults.cooldownMinutes");
    }

    @Test
    void fromEnvironment_badTopicOrEndpoint_namesIt() {
        Map<String, String> topic = environment();
        topic.put("NOTIFICATIONS_TOPIC_ARN", "notifications");
        Map<String, String> endpoint = environment();
        endpoint.put("AWS_ENDPOINT_URL", "localhost");

        assertThatThrownBy(() -> ResponderConfig.fromEnvironment(topic)).hasMessageContaining("NOTIFICATIONS_TOPIC_ARN");
        assertThatThrownBy(() -> ResponderConfig.fromEnvironment(endpoint)).hasMessageContaining("AWS_ENDPOINT_URL");
    }

    @Test
    void fromEnvironment_aTopicArnWithoutItsPartitionOrService_isRefusedNamingIt() {
        for (String notTopic : new String[] {"arn:", "arn::sns:us-east-1:123456789012:t", "arn:aws:sqs:us-east-1:123456789012:t"}) {
            Map<String, String> env = environment();
            env.put("NOTIFICATIONS_TOPIC_ARN", notTopic);

            assertThatThrownBy(() -> ResponderConfig.fromEnvironment(env)).as(notTopic)
                    .hasMessageContaining("NOTIFICATIONS_TOPIC_ARN").hasMessageContaining(notTopic);
        }
    }
}
