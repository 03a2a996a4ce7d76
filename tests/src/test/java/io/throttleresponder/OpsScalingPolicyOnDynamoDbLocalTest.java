package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.ops.OpsCli;
import io.throttleresponder.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/** The operator CLI on a scaling policy the responder tuned: status shows it, history has it, undo puts it back. */
class OpsScalingPolicyOnDynamoDbLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "sns-write-provisioned-inventory.json";

    private final SandboxFixture fixture = SandboxFixture.withDefaultPolicy();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    OpsScalingPolicyOnDynamoDbLocalTest() {
        fixture.sandbox.autoScaling().put(ScalingPolicy.builder().policyName("inventory-writes")
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/inventory")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).scaleOutCooldown(300).scaleInCooldown(900)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization")))
                .build());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private int ops(String... args) {
        out.reset();
        Sandbox sandbox = fixture.sandbox;
        return OpsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                (target, notifier) -> AwsAdapters.operator(sandbox.defaultPolicy(), sandbox.dynamoDb(), sandbox.autoScaling(),
                        sandbox.cloudWatch(), Sandbox.LEDGER_TABLE, notifier, sandbox.clock()));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private TargetTrackingScalingPolicyConfiguration policyNow() {
        return fixture.sandbox.autoScaling().policies().get(0).targetTrackingScalingPolicyConfiguration();
    }

    @Test
    void status_history_andUndo_coverTheTunedPolicy() throws Exception {
        fixture.alarm(EVENT);
        assertThat(policyNow().targetValue()).isEqualTo(50.0);
        assertThat(policyNow().scaleOutCooldown()).isEqualTo(60);
        fixture.handleBytes(fixture.stateChange(EVENT, "OK", Duration.ofMinutes(10)));

        assertThat(ops("status")).isZero();
        assertThat(output()).contains("WRITE  scaling policy inventory-writes tuned to TargetValue 50, ScaleOutCooldown 60 s at ")
                .contains("(before: TargetValue 70, ScaleOutCooldown 300 s); put back on recovery unless changed since");
        assertThat(ops("status", "--json")).isZero();
        JsonNode tuned = JSON.readTree(output()).get("incidents").get(0).get("scalingPolicies").get(0);
        assertThat(tuned.get("before").get("TargetTrackingScalingPolicyConfiguration").get("TargetValue").asDouble())
                .isEqualTo(70.0);
        assertThat(tuned.get("set").get("TargetTrackingScalingPolicyConfiguration").get("ScaleOutCooldown").asInt())
                .isEqualTo(60);

        assertThat(ops("history", "inventory")).isZero();
        assertThat(output()).contains("TUNE_SCALING_POLICY");

        assertThat(ops("undo", "inventory")).isZero();
        assertThat(output()).contains("APPLIED RESTORE_SCALING_POLICY WRITE (policy inventory-writes back to TargetValue 70,"
                + " ScaleOutCooldown 300 s, as before the incident)");
        assertThat(policyNow().targetValue()).isEqualTo(70.0);
        assertThat(policyNow().scaleOutCooldown()).isEqualTo(300);
        assertThat(policyNow().scaleInCooldown()).isEqualTo(900);
        assertThat(ops("status")).isZero();
        assertThat(output()).contains("Open incidents: none");
    }
}
