package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.throttleresponder.infra.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AwsSolutions pack over the test configuration's stack; every suppression in the stack carries its reason. */
class CdkNagTest {

    @TempDir
    static Path functionCode;
    private static Annotations annotations;

    @BeforeAll
    static void applyAwsSolutionsChecks() throws Exception {
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        App app = new App();
        Aspects.of(app).add(new AwsSolutionsChecks());
        ThrottleResponderStack stack = ThrottleResponderApp.addStack(
                app, ConfigLoader.load(Path.of("src/test/resources/test-config.json")), functionCode, null);
        annotations = Annotations.fromStack(stack);
    }

    @Test
    void awsSolutions_reportsNoUnsuppressedError() {
        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors).as(describe(errors)).isEmpty();
    }

    @Test
    void awsSolutions_reportsNoUnsuppressedWarning() {
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings).as(describe(warnings)).isEmpty();
    }

    @Test
    void synth_leavesNoUnacknowledgedWarning() {
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.anyValue());
        assertThat(warnings).as(describe(warnings)).isEmpty();
    }

    private static String describe(List<SynthesisMessage> messages) {
        return messages.stream()
                .map(message -> message.getId() + ": " + message.getEntry().getData())
                .collect(Collectors.joining("\n"));
    }
}
