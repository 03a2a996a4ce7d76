package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

class FunctionCodeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void eachFunction_isDeployedFromItsOwnArtifact() throws Exception {
        Path alarm = Files.createDirectory(work.resolve("alarm"));
        Files.writeString(alarm.resolve("stand-in.txt"), "the alarm function's jar");
        Path followUp = Files.createDirectory(work.resolve("follow-up"));
        Files.writeString(followUp.resolve("stand-in.txt"), "the follow-up function's jar");
        App app = ThrottleResponderApp.newApp();
        Stack stack = new Stack(app, "Team");
        ThrottleResponder.Builder.create(stack, "Responder").deploymentName("checkout")
                .notificationEmails(List.of("oncall@example.com"))
                .functionCode(new FunctionCode(alarm, followUp)).build();

        Map<String, String> codeByHandler = new HashMap<>();
        JSON.valueToTree(Template.fromStack(stack).findResources("AWS::Lambda::Function")).forEach(function ->
                codeByHandler.put(function.at("/Properties/Handler").asText(), function.at("/Properties/Code/S3Key").asText()));

        assertThat(codeByHandler.get(ThrottleResponder.HANDLER)).isNotBlank()
                .isNotEqualTo(codeByHandler.get(ThrottleResponder.FOLLOW_UP_HANDLER));
        Path assembly = Path.of(app.synth().getDirectory());
        assertThat(assembly.resolve("asset." + codeByHandler.get(ThrottleResponder.HANDLER).replace(".zip", ""))
                .resolve("stand-in.txt")).content().isEqualTo("the alarm function's jar");
        assertThat(assembly.resolve("asset." + codeByHandler.get(ThrottleResponder.FOLLOW_UP_HANDLER).replace(".zip", ""))
                .resolve("stand-in.txt")).content().isEqualTo("the follow-up function's jar");
    }

    @Test
    void theApp_deploysTheJarsThePackagePhaseBuilds() {
        FunctionCode built = FunctionCode.builtUnder(Path.of("/repo"));

        assertThat(built.alarmFunction()).isEqualTo(Path.of("/repo/functions/target/alarm-function.jar"));
        assertThat(built.followUpFunction()).isEqualTo(Path.of("/repo/functions/target/followup-function.jar"));
        assertThat(built.missing()).containsExactly(built.alarmFunction(), built.followUpFunction());
    }
}
