package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.FunctionEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** The policy the functions read: the file in the policy layer's asset of a cloud assembly, as cdk deploy uploads it. */
final class PolicyLayerContent {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PolicyLayerContent() {
    }

    /** The stack's template as cdk synth wrote it into {@code assembly}. */
    static Template template(Path assembly, String stackName) throws IOException {
        return Template.fromJSON(JSON.readValue(assembly.resolve(stackName + ".template.json").toFile(),
                new TypeReference<Map<String, Object>>() { }));
    }

    /**
     * The policy in the one layer of {@code template}, read from its asset in {@code assembly}, after checking that
     * both functions use the layer and name its file in RESPONDER_POLICY_FILE.
     */
    static JsonNode policy(Template template, Path assembly) throws IOException {
        Map<String, Map<String, Object>> layers = template.findResources("AWS::Lambda::LayerVersion");
        assertThat(layers).hasSize(1);
        String layerId = layers.keySet().iterator().next();
        JsonNode functions = JSON.valueToTree(template.findResources("AWS::Lambda::Function"));
        assertThat(functions).hasSize(2).allSatisfy(function -> {
            assertThat(function.at("/Properties/Layers").toString()).isEqualTo("[{\"Ref\":\"" + layerId + "\"}]");
            assertThat(function.at("/Properties/Environment/Variables/" + FunctionEnvironment.RESPONDER_POLICY_FILE).asText())
                    .isEqualTo(FunctionEnvironment.POLICY_LAYER_FILE);
        });
        String key = JSON.valueToTree(layers.get(layerId)).at("/Properties/Content/S3Key").asText();
        Path asset = assembly.resolve("asset." + key.replace(".zip", ""));
        return JSON.readTree(asset.resolve(FunctionEnvironment.POLICY_LAYER_DIRECTORY).resolve("policy.json").toFile());
    }
}
