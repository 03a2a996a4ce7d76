package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployLimitsTest {

    @TempDir
    Path assembly;

    @Test
    void aTemplateOverEveryLimit_isReportedOncePerLimit_namingTheFileTheCountAndTheLimit() throws Exception {
        StringBuilder resources = new StringBuilder();
        for (int index = 0; index < 501; index++) {
            resources.append(index == 0 ? "" : ",").append("\"Topic%d\": {\"Type\": \"AWS::SNS::Topic\"}".formatted(index));
        }
        for (int index = 0; index < 11; index++) {
            resources.append(",\"Overflow%d\": {\"Type\": \"AWS::IAM::ManagedPolicy\", \"Properties\": {\"Roles\": [{\"Ref\": \"Role\"}]}}"
                    .formatted(index));
        }
        StringBuilder outputs = new StringBuilder();
        StringBuilder parameters = new StringBuilder();
        for (int index = 0; index < 201; index++) {
            outputs.append(index == 0 ? "" : ",").append("\"Out%d\": {\"Value\": \"x\"}".formatted(index));
            parameters.append(index == 0 ? "" : ",").append("\"Param%d\": {\"Type\": \"String\"}".formatted(index));
        }
        String template = "{\"Description\": \"%s\", \"Resources\": {%s}, \"Outputs\": {%s}, \"Parameters\": {%s}}"
                .formatted("x".repeat(1_000_000), resources, outputs, parameters);
        Files.writeString(assembly.resolve("big.template.json"), template);
        Files.writeString(assembly.resolve("small.nested.template.json"), "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\"}}}");
        Files.writeString(assembly.resolve("manifest.json"), "{\"version\": \"x\"}");

        assertThat(DeployLimits.violations(assembly)).satisfiesExactlyInAnyOrder(
                bytes -> assertThat(bytes).startsWith("big.template.json: ").contains("bytes", "1,000,000"),
                count -> assertThat(count).isEqualTo("big.template.json: 512 resources; CloudFormation takes at most 500"),
                count -> assertThat(count).isEqualTo("big.template.json: 201 outputs; CloudFormation takes at most 200"),
                count -> assertThat(count).isEqualTo("big.template.json: 201 parameters; CloudFormation takes at most 200"),
                policies -> assertThat(policies).startsWith("big.template.json: role {\"Ref\":\"Role\"} has 11 managed policies")
                        .contains("IAM's default quota", "-c iamManagedPoliciesPerRole=<quota>"));
        assertThat(DeployLimits.violations(assembly, 11)).noneMatch(violation -> violation.contains("managed policies"));
    }

    @Test
    void templatesWithinTheLimits_areNotReported() throws Exception {
        Files.writeString(assembly.resolve("main.template.json"), "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\"}}}");

        assertThat(DeployLimits.violations(assembly)).isEmpty();
    }

    @Test
    void writtenBytes_countAsJsonStringifyWithAnIndentOfOne() throws Exception {
        // JSON.stringify({"a": [1, {"b": "c"}], "d": {}}, undefined, 1)
        String written = "{\n \"a\": [\n  1,\n  {\n   \"b\": \"c\"\n  }\n ],\n \"d\": {}\n}";

        assertThat(DeployLimits.writtenBytes(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"a\": [1, {\"b\": \"c\"}], \"d\": {}}"))).isEqualTo(written.length());
    }
}
