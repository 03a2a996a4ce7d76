package io.throttleresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.model.ScalingPolicy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

class ScalingPoliciesTest {

    private static final ScalingPolicy FULL = new ScalingPolicy("inventory-writes", "TargetTrackingScaling",
            new ScalingPolicy.TargetTracking(70.5, "DynamoDBWriteCapacityUtilization", "label", null, 300, 900, true));

    @Test
    void json_asDescribeScalingPoliciesPrintsIt_roundTrips() {
        String json = ScalingPolicies.toJson(FULL);

        assertThat(json).isEqualTo("{\"PolicyName\":\"inventory-writes\",\"PolicyType\":\"TargetTrackingScaling\","
                + "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":70.5,\"PredefinedMetricSpecification\":"
                + "{\"PredefinedMetricType\":\"DynamoDBWriteCapacityUtilization\",\"ResourceLabel\":\"label\"},"
                + "\"ScaleOutCooldown\":300,\"ScaleInCooldown\":900,\"DisableScaleIn\":true}}");
        assertThat(ScalingPolicies.fromJson(json)).isEqualTo(FULL);
    }

    @Test
    void json_unsetSettingsStayUnset() {
        ScalingPolicy bare = new ScalingPolicy("p", "TargetTrackingScaling",
                new ScalingPolicy.TargetTracking(50, "DynamoDBReadCapacityUtilization", null, null, null, null, null));

        assertThat(ScalingPolicies.toJson(bare)).doesNotContain("Cooldown", "DisableScaleIn", "ResourceLabel");
        assertThat(ScalingPolicies.fromJson(ScalingPolicies.toJson(bare))).isEqualTo(bare);
    }

    @Test
    void toSdk_putsEverySettingAsRead_andLeavesUnsetOnesOut() {
        TargetTrackingScalingPolicyConfiguration sdk = ScalingPolicies.toSdk(FULL.targetTracking());

        assertThat(sdk.targetValue()).isEqualTo(70.5);
        assertThat(sdk.predefinedMetricSpecification().predefinedMetricTypeAsString()).isEqualTo("DynamoDBWriteCapacityUtilization");
        assertThat(sdk.predefinedMetricSpecification().resourceLabel()).isEqualTo("label");
        assertThat(sdk.scaleOutCooldown()).isEqualTo(300);
        assertThat(sdk.scaleInCooldown()).isEqualTo(900);
        assertThat(sdk.disableScaleIn()).isTrue();
        assertThat(ScalingPolicies.toSdk(new ScalingPolicy.TargetTracking(50, "DynamoDBReadCapacityUtilization", null, null,
                null, null, null)).scaleOutCooldown()).isNull();
    }
}
