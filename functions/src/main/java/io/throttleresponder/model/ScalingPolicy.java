package io.throttleresponder.model;

import java.util.Objects;

/**
 * A scaling policy of an Application Auto Scaling target, as DescribeScalingPolicies gives it. A
 * target-tracking policy keeps its whole configuration ({@code targetTracking}), so that the responder
 * can put it back exactly; null for any other policy type. Nulls inside stand for settings the owner
 * left out (AWS's defaults apply), and stay left out when the policy is put back.
 *
 * @see <a href="https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html">TargetTrackingScalingPolicyConfiguration</a>
 */
public record ScalingPolicy(String name, String type, TargetTracking targetTracking) {

    public static final String TARGET_TRACKING = "TargetTrackingScaling";

    public ScalingPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /**
     * @param predefinedMetricType null when the policy tracks a customized metric instead
     * @param customizedMetric the customized metric specification, as the SDK prints it, or null: such a policy is
     *     never tuned, so this only names it
     */
    public record TargetTracking(double targetValue, String predefinedMetricType, String resourceLabel,
                                 String customizedMetric, Integer scaleOutCooldown, Integer scaleInCooldown,
                                 Boolean disableScaleIn) {

        public TargetTracking with(double newTargetValue, Integer newScaleOutCooldown) {
            return new TargetTracking(newTargetValue, predefinedMetricType, resourceLabel, customizedMetric,
                    newScaleOutCooldown, scaleInCooldown, disableScaleIn);
        }

        /** "TargetValue 70, ScaleOutCooldown 300 s": what a person reads in a message. */
        public String describe() {
            return "TargetValue " + number(targetValue) + ", ScaleOutCooldown "
                    + (scaleOutCooldown == null ? "unset (0 s)" : scaleOutCooldown + " s");
        }

        private static String number(double value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }
    }

    public boolean isTargetTracking() {
        return TARGET_TRACKING.equals(type) && targetTracking != null;
    }

    public ScalingPolicy with(TargetTracking configuration) {
        return new ScalingPolicy(name, type, configuration);
    }
}
