package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.contract.PolicyKey;
import io.throttleresponder.infra.config.ConfigException;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.ResponderPolicy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.policy.PolicyParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source of truth for the policy's bounds: at each bound of every numeric key, the deployment
 * configuration (synth) and the function's policy parser (start-up) accept and reject alike, and what
 * synth accepts, the function reads.
 */
class PolicyBoundsAgreementTest {

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("boundaries")
    void configurationAndFunction_agreeOnTheValue(PolicyKey key, String value) {
        String config = "{\"notifications\": {\"emails\": [\"a@example.com\"]}, \"tables\": [{\"name\": \"orders\","
                + " \"billingMode\": \"PROVISIONED\", \"policy\": {\"" + key.key() + "\": " + value + "}}]}";
        boolean synthAccepts;
        String generated = null;
        try {
            generated = ResponderPolicy.toJson(ConfigLoader.parse(Path.of("config.json"), config));
            synthAccepts = true;
        } catch (ConfigException e) {
            synthAccepts = false;
        }
        boolean functionAccepts;
        try {
            PolicyParser.parse("{\"tables\": {\"orders\": {\"" + key.key() + "\": " + value + "}}}", "policy");
            functionAccepts = true;
        } catch (PolicyException e) {
            functionAccepts = false;
        }

        assertThat(functionAccepts).as("%s = %s: synth %s it", key.key(), value, synthAccepts ? "accepts" : "rejects")
                .isEqualTo(synthAccepts);
        if (generated != null) {
            assertThat(PolicyParser.parse(generated, "generated policy").settingsFor("orders")).isPresent();
        }
    }

    static Stream<Arguments> boundaries() {
        List<Arguments> cases = new ArrayList<>();
        for (PolicyKey key : PolicyKey.values()) {
            if (key.type() == PolicyKey.Type.NUMBER || key.type() == PolicyKey.Type.WHOLE_NUMBER) {
                for (double value : List.of(key.minimum() - 1, key.minimum(), key.minimum() + 1, key.maximum(), key.maximum() + 1)) {
                    cases.add(Arguments.of(key, value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)));
                }
            }
        }
        return cases.stream();
    }
}
