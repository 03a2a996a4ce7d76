package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.throttleresponder.infra.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions pack over the test configurations' stacks (named tables; every table of the
 * account); every suppression in the stack carries its reason.
 */
class CdkNagTest {

    private static final String NAMED_TABLES = "src/test/resources/test-config.json";
    private static final String WATCH_ALL = "src/test/resources/watch-all-config.json";
    private static final String SENSOR = "src/test/resources/sensor-config.json";

    @TempDir
    static Path functionCode;
    private static final Map<String, Annotations> annotations = new HashMap<>();

    @BeforeAll
    static void applyAwsSolutionsChecks() throws Exception {
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        for (String config : List.of(NAMED_TABLES, WATCH_ALL, SENSOR)) {
            App app = ThrottleResponderApp.newApp();
            Aspects.of(app).add(new AwsSolutionsChecks());
            ThrottleResponderStack stack = ThrottleResponderApp.addStack(
                    app, ConfigLoader.load(Path.of(config)), functionCode, null);
            annotations.put(config, Annotations.fromStack(stack));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {NAMED_TABLES, WATCH_ALL, SENSOR})
    void awsSolutions_reportsNoUnsuppressedError(String config) {
        List<SynthesisMessage> errors = annotations.get(config).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors).as(describe(errors)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {NAMED_TABLES, WATCH_ALL, SENSOR})
    void awsSolutions_reportsNoUnsuppressedWarning(String config) {
        List<SynthesisMessage> warnings = annotations.get(config).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings).as(describe(warnings)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {NAMED_TABLES, WATCH_ALL, SENSOR})
    void synth_leavesNoUnacknowledgedWarning(String config) {
        List<SynthesisMessage> warnings = annotations.get(config).findWarning("*", Match.anyValue());
        assertThat(warnings).as(describe(warnings)).isEmpty();
    }

    private static String describe(List<SynthesisMessage> messages) {
        return messages.stream()
                .map(message -> message.getId() + ": " + message.getEntry().getData())
                .collect(Collectors.joining("\n"));
    }
}
