package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** PutScalingPolicy and DescribeScalingPolicies on the in-memory scaler: refuses what the service refuses for DynamoDB. */
class InMemoryScalingPoliciesTest {

    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    private final DynamoDbClient dynamoDb = local.dynamoDbClient();
    private final InMemoryAutoScaling autoScaling = new InMemoryAutoScaling(dynamoDb, new Faults(Clock.systemUTC()));

    InMemoryScalingPoliciesTest() {
        dynamoDb.createTable(r -> r.tableName("orders")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(50L)));
        autoScaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS).minCapacity(50).maxCapacity(500));
    }

    @AfterEach
    void stop() {
        local.shutdown();
    }

    private static PutScalingPolicyRequest.Builder writes(PutScalingPolicyRequest.Builder request) {
        return request.policyName("orders-writes").serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).scaleOutCooldown(300).scaleInCooldown(900)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization")));
    }

    private void assertRefused(Consumer<PutScalingPolicyRequest.Builder> request, String message) {
        assertThatThrownBy(() -> autoScaling.putScalingPolicy(request)).isInstanceOf(ValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aPutPolicy_isDescribedAsPut_andAPutWithTheSameNameReplacesIt() {
        autoScaling.putScalingPolicy(r -> writes(r));
        autoScaling.putScalingPolicy(r -> writes(r).policyType((String) null)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0).scaleOutCooldown(60)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization"))));

        assertThat(autoScaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)).scalingPolicies())
                .singleElement().satisfies(p -> {
                    assertThat(p.policyName()).isEqualTo("orders-writes");
                    assertThat(p.policyType()).isEqualTo(PolicyType.TARGET_TRACKING_SCALING);
                    assertThat(p.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(50.0);
                    assertThat(p.targetTrackingScalingPolicyConfiguration().scaleOutCooldown()).isEqualTo(60);
                    assertThat(p.targetTrackingScalingPolicyConfiguration().scaleInCooldown()).isNull();
                });
    }

    @Test
    void describe_narrowsByResourceDimensionAndName_andADimensionNeedsItsResource() {
        autoScaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(5).maxCapacity(500));
        autoScaling.putScalingPolicy(r -> writes(r));
        autoScaling.putScalingPolicy(r -> writes(r).policyName("orders-reads")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBReadCapacityUtilization"))));

        assertThat(autoScaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/orders").scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS))
                .scalingPolicies()).extracting(ScalingPolicy::policyName).containsExactly("orders-reads");
        assertThat(autoScaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .policyNames("orders-writes")).scalingPolicies()).extracting(ScalingPolicy::policyName)
                .containsExactly("orders-writes");
        assertThat(autoScaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/other")).scalingPolicies()).isEmpty();
        assertThatThrownBy(() -> autoScaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("must also specify a resource ID");
    }

    @Test
    void requiredFields_missing_areRefused() {
        assertRefused(r -> writes(r).policyName(null), "policyName");
        assertRefused(r -> writes(r).policyName(""), "policyName");
        assertRefused(r -> writes(r).serviceNamespace((String) null), "serviceNamespace");
        assertRefused(r -> writes(r).resourceId(null), "resource ID");
        assertRefused(r -> writes(r).scalableDimension((String) null), "scalable dimension");
        assertRefused(r -> writes(r).policyType((String) null), "PolicyType is required to create");
        assertRefused(r -> writes(r).targetTrackingScalingPolicyConfiguration((software.amazon.awssdk.services
                .applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration) null), "is required");
        assertRefused(r -> writes(r).targetTrackingScalingPolicyConfiguration(c -> c
                .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization"))), "targetValue");
    }

    @Test
    void aPolicyTypeOtherThanTargetTracking_isRefusedForDynamoDb() {
        assertRefused(r -> writes(r).policyType(PolicyType.STEP_SCALING), "DynamoDB supports TargetTrackingScaling only");
        assertRefused(r -> writes(r).policyType(PolicyType.PREDICTIVE_SCALING), "DynamoDB supports TargetTrackingScaling only");
    }

    @Test
    void aTargetValueOutOfItsRange_aNegativeCooldown_orTheWrongMetric_isRefused() {
        assertRefused(r -> writes(r).targetTrackingScalingPolicyConfiguration(c -> c.targetValue(Math.pow(2, 361))
                .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization"))), "out of range");
        assertRefused(r -> writes(r).targetTrackingScalingPolicyConfiguration(c -> c.targetValue(Double.NaN)
                .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization"))), "out of range");
        assertRefused(r -> writes(r).targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0).scaleOutCooldown(-1)
                .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization"))), "at least 0");
        assertRefused(r -> writes(r).targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0)
                .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBReadCapacityUtilization"))),
                "it takes DynamoDBWriteCapacityUtilization");
        assertRefused(r -> writes(r).targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0)), "Exactly one of");
    }

    @Test
    void aPolicyForAnUnregisteredTarget_isRefused() {
        assertThatThrownBy(() -> autoScaling.putScalingPolicy(r -> writes(r)
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBReadCapacityUtilization")))))
                .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("No scalable target registered");
        assertThat(autoScaling.policies()).extracting(ScalingPolicy::policyName).isEmpty();
    }
}
