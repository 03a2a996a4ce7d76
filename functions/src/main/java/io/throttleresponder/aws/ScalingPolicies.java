package io.throttleresponder.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.model.ScalingPolicy;
import java.io.UncheckedIOException;
import java.io.IOException;
import software.amazon.awssdk.services.applicationautoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * Scaling policies between Application Auto Scaling's shape (the SDK's, and the JSON that
 * {@code describe-scaling-policies} prints, which the ledger keeps) and the domain's.
 */
public final class ScalingPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScalingPolicies() {}

    public static ScalingPolicy fromSdk(software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy policy) {
        TargetTrackingScalingPolicyConfiguration c = policy.targetTrackingScalingPolicyConfiguration();
        return new ScalingPolicy(policy.policyName(), policy.policyTypeAsString(), c == null ? null
                : new ScalingPolicy.TargetTracking(c.targetValue(),
                        c.predefinedMetricSpecification() == null ? null
                                : c.predefinedMetricSpecification().predefinedMetricTypeAsString(),
                        c.predefinedMetricSpecification() == null ? null : c.predefinedMetricSpecification().resourceLabel(),
                        c.customizedMetricSpecification() == null ? null : c.customizedMetricSpecification().toString(),
                        c.scaleOutCooldown(), c.scaleInCooldown(), c.disableScaleIn()));
    }

    /** The configuration to put: only what the policy had set, so that AWS's defaults stay defaults. */
    public static TargetTrackingScalingPolicyConfiguration toSdk(ScalingPolicy.TargetTracking tracking) {
        if (tracking.customizedMetric() != null) {
            throw new IllegalArgumentException("a policy on a customized metric is never put by the responder");
        }
        return TargetTrackingScalingPolicyConfiguration.builder()
                .targetValue(tracking.targetValue())
                .predefinedMetricSpecification(PredefinedMetricSpecification.builder()
                        .predefinedMetricType(tracking.predefinedMetricType())
                        .resourceLabel(tracking.resourceLabel())
                        .build())
                .scaleOutCooldown(tracking.scaleOutCooldown())
                .scaleInCooldown(tracking.scaleInCooldown())
                .disableScaleIn(tracking.disableScaleIn())
                .build();
    }

    /** As {@code aws application-autoscaling describe-scaling-policies} prints the policy's own fields. */
    public static String toJson(ScalingPolicy policy) {
        ObjectNode node = JSON.createObjectNode();
        node.put("PolicyName", policy.name());
        node.put("PolicyType", policy.type());
        ScalingPolicy.TargetTracking t = policy.targetTracking();
        if (t != null) {
            ObjectNode c = node.putObject("TargetTrackingScalingPolicyConfiguration");
            c.put("TargetValue", t.targetValue());
            if (t.predefinedMetricType() != null) {
                ObjectNode metric = c.putObject("PredefinedMetricSpecification");
                metric.put("PredefinedMetricType", t.predefinedMetricType());
                if (t.resourceLabel() != null) {
                    metric.put("ResourceLabel", t.resourceLabel());
                }
            }
            if (t.customizedMetric() != null) {
                c.put("CustomizedMetricSpecification", t.customizedMetric());
            }
            if (t.scaleOutCooldown() != null) {
                c.put("ScaleOutCooldown", t.scaleOutCooldown());
            }
            if (t.scaleInCooldown() != null) {
                c.put("ScaleInCooldown", t.scaleInCooldown());
            }
            if (t.disableScaleIn() != null) {
                c.put("DisableScaleIn", t.disableScaleIn());
            }
        }
        return node.toString();
    }

    public static ScalingPolicy fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a scaling policy in the ledger is not JSON: " + json, e);
        }
        JsonNode c = node.get("TargetTrackingScalingPolicyConfiguration");
        return new ScalingPolicy(node.get("PolicyName").asText(), node.get("PolicyType").asText(), c == null ? null
                : new ScalingPolicy.TargetTracking(c.get("TargetValue").asDouble(),
                        text(c.path("PredefinedMetricSpecification"), "PredefinedMetricType"),
                        text(c.path("PredefinedMetricSpecification"), "ResourceLabel"),
                        text(c, "CustomizedMetricSpecification"),
                        c.has("ScaleOutCooldown") ? c.get("ScaleOutCooldown").asInt() : null,
                        c.has("ScaleInCooldown") ? c.get("ScaleInCooldown").asInt() : null,
                        c.has("DisableScaleIn") ? c.get("DisableScaleIn").asBoolean() : null));
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }
}
