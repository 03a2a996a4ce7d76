package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.throttleresponder.infra.config.ConfigException;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.ResponderPolicy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.policy.PolicyParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The deployment validates the configuration's policy at synth; the function parses the policy it
 * generates at start-up. Whatever the first accepts, the second must: otherwise a deployment that
 * synthesized cleanly brings up a function that fails on every alarm.
 */
class PolicyContractTest {

    private static final List<String> KEYS = List.of(
            "scaleFactor", "headroomPercent", "maxReadCapacityUnits", "maxWriteCapacityUnits",
            "maxOnDemandReadRequestUnits", "maxOnDemandWriteRequestUnits", "cooldownMinutes", "contributorInsights",
            "contributorInsightsMode", "hotKeySummaryDelayMinutes", "hotKeySummaryRepeats", "recoveryQuietMinutes",
            "maskKeys", "dryRun", "maxIncidentFactor", "recoveryHorizonHours", "globalTableActingRegion");
    /** Around every bound either side sets, and of every JSON type. */
    private static final List<String> VALUES = List.of(
            "-1", "0", "0.5", "1", "1.5", "2", "12.5", "100", "100.5", "101", "1000", "1001", "10080", "10081",
            "40000", "1000000", "1000001", "168", "169", "true", "false", "\"THROTTLED_KEYS\"",
            "\"ACCESSED_AND_THROTTLED_KEYS\"", "\"SOMETIMES\"", "\"us-east-1\"", "\"eu-central-2\"", "\"US East\"", "null");

    @Test
    void everyPolicyValueTheDeploymentAccepts_theFunctionAccepts() {
        List<String> accepted = new ArrayList<>();
        for (String key : KEYS) {
            for (String value : VALUES) {
                String config = """
                        { "notifications": { "emails": ["oncall@example.com"] },
                          "tables": [ { "name": "orders", "billingMode": "PROVISIONED", "policy": { "%s": %s } } ] }
                        """.formatted(key, value);
                ResponderConfig loaded;
                try {
                    loaded = ConfigLoader.parse(Path.of("contract.json"), config);
                } catch (ConfigException rejectedAtSynth) {
                    continue;
                }
                accepted.add(key + "=" + value);
                String policy = ResponderPolicy.toJson(loaded);
                assertThatCode(() -> PolicyParser.parse(policy, "RESPONDER_POLICY"))
                        .as("%s = %s passes synth, so the function must accept it", key, value)
                        .doesNotThrowAnyException();
            }
        }
        // Every key has values the deployment takes: the loop above checked something for each.
        assertThat(KEYS).allMatch(key -> accepted.stream().anyMatch(a -> a.startsWith(key + "=")));
    }

    @Test
    void policiesOfTheShippedConfigurations_parseInTheFunction() {
        for (Path file : List.of(Path.of("..", "throttle-responder.config.json"),
                Path.of("..", "infra", "src", "test", "resources", "test-config.json"),
                Path.of("..", "infra", "src", "test", "resources", "sensor-config.json"))) {
            String policy = ResponderPolicy.toJson(ConfigLoader.load(file));

            assertThat(PolicyParser.parse(policy, file.toString()).watchedTables()).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void aSensorTheDeploymentAccepts_theFunctionAccepts_andOneItRejects_theFunctionRejects() {
        String ten = String.join(", ", IntStream.range(0, 10).mapToObj(i -> "\"/app/" + i + "\"").toList());
        List<String> sensors = List.of("{}", "{\"namespace\": \"Checkout/ThrottleSensor\"}", "{\"namespace\": \"AWS/DynamoDB\"}",
                "{\"namespace\": \"\"}", "{\"namespace\": \"a:b c#d\"}", "{\"logGroups\": []}",
                "{\"logGroups\": [\"/aws/lambda/orders-api\", \"/ecs/checkout#1\"]}", "{\"logGroups\": [\"a b\"]}",
                "{\"logGroups\": [" + ten + "]}", "{\"logGroups\": [" + ten + ", \"/app/10\"]}", "{\"logGroups\": \"/app\"}");
        for (String sensor : sensors) {
            String config = """
                    { "notifications": { "emails": ["oncall@example.com"] },
                      "tables": [ { "name": "orders", "billingMode": "PROVISIONED" } ], "sensor": %s }
                    """.formatted(sensor);
            boolean acceptedAtSynth;
            try {
                ResponderConfig loaded = ConfigLoader.parse(Path.of("contract.json"), config);
                acceptedAtSynth = true;
                assertThat(PolicyParser.parse(ResponderPolicy.toJson(loaded), "RESPONDER_POLICY").sensor())
                        .as(sensor).isNotNull();
            } catch (ConfigException rejectedAtSynth) {
                acceptedAtSynth = false;
            }
            boolean acceptedByFunction;
            try {
                PolicyParser.parse("{\"sensor\": " + sensor + "}", "RESPONDER_POLICY");
                acceptedByFunction = true;
            } catch (PolicyException rejected) {
                acceptedByFunction = false;
            }
            assertThat(acceptedByFunction).as("sensor %s: synth %s it", sensor, acceptedAtSynth ? "accepts" : "rejects")
                    .isEqualTo(acceptedAtSynth);
        }
    }
}
