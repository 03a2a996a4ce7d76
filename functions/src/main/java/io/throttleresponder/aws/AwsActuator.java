package io.throttleresponder.aws;

import io.throttleresponder.policy.ContributorInsightsMode;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;

/**
 * Makes the response's changes with UpdateTable, RegisterScalableTarget, PutScalingPolicy and UpdateContributorInsights.
 * A table being updated surfaces as {@code ResourceBusyException}, any other failure as an
 * {@code ActionFailedException} that says why (the missing permission, the limit).
 */
public final class AwsActuator implements Actuator {

    private final DynamoDbClient dynamoDb;
    private final ApplicationAutoScalingClient autoScaling;

    public AwsActuator(DynamoDbClient dynamoDb, ApplicationAutoScalingClient autoScaling) {
        this.dynamoDb = dynamoDb;
        this.autoScaling = autoScaling;
    }

    @Override
    public void updateProvisioned(ResourceState current, Operation dimension, long capacityUnits) {
        // UpdateTable takes both units: the untouched dimension keeps its current value.
        restoreProvisioned(current.id(),
                dimension == Operation.READ ? capacityUnits : current.readCapacityUnits(),
                dimension == Operation.WRITE ? capacityUnits : current.writeCapacityUnits());
    }

    @Override
    public void restoreProvisioned(ResourceId id, long readCapacityUnits, long writeCapacityUnits) {
        ProvisionedThroughput throughput = ProvisionedThroughput.builder()
                .readCapacityUnits(readCapacityUnits)
                .writeCapacityUnits(writeCapacityUnits)
                .build();
        AwsFailures.call("UpdateTable " + id, () -> {
            if (id.isIndex()) {
                dynamoDb.updateTable(r -> r.tableName(id.table()).globalSecondaryIndexUpdates(u -> u
                        .update(g -> g.indexName(id.index()).provisionedThroughput(throughput))));
            } else {
                dynamoDb.updateTable(r -> r.tableName(id.table()).provisionedThroughput(throughput));
            }
        });
    }

    @Override
    public void registerScalableTarget(ResourceId resource, Operation dimension, long minCapacity, long maxCapacity) {
        AwsFailures.call("RegisterScalableTarget " + resource, () -> autoScaling.registerScalableTarget(r -> r
                .serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource.toString())
                .scalableDimension(scalableDimension(resource, dimension))
                .minCapacity(Math.toIntExact(minCapacity))
                .maxCapacity(Math.toIntExact(maxCapacity))));
    }

    /** @see <a href="https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html">PutScalingPolicy</a> */
    @Override
    public void putScalingPolicy(ResourceId resource, Operation dimension, ScalingPolicy policy) {
        AwsFailures.call("PutScalingPolicy " + resource, () -> autoScaling.putScalingPolicy(r -> r
                .serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource.toString())
                .scalableDimension(scalableDimension(resource, dimension))
                .policyName(policy.name())
                .policyType(policy.type())
                .targetTrackingScalingPolicyConfiguration(ScalingPolicies.toSdk(policy.targetTracking()))));
    }

    public static ScalableDimension scalableDimension(ResourceId resource, Operation dimension) {
        if (resource.isIndex()) {
            return dimension == Operation.READ
                    ? ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS
                    : ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS;
        }
        return dimension == Operation.READ
                ? ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS
                : ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS;
    }

    @Override
    public void updateOnDemandMaximum(ResourceState current, Operation dimension, long requestUnits) {
        restoreOnDemandMaximum(current.id(),
                dimension == Operation.READ ? requestUnits : current.maxOnDemandReadRequestUnits(),
                dimension == Operation.WRITE ? requestUnits : current.maxOnDemandWriteRequestUnits());
    }

    @Override
    public void restoreOnDemandMaximum(ResourceId resource, long maxReadRequestUnits, long maxWriteRequestUnits) {
        OnDemandThroughput maximum = OnDemandThroughput.builder()
                .maxReadRequestUnits(maxReadRequestUnits)
                .maxWriteRequestUnits(maxWriteRequestUnits)
                .build();
        AwsFailures.call("UpdateTable " + resource, () -> {
            if (resource.isIndex()) {
                dynamoDb.updateTable(r -> r.tableName(resource.table()).globalSecondaryIndexUpdates(u -> u
                        .update(g -> g.indexName(resource.index()).onDemandThroughput(maximum))));
            } else {
                dynamoDb.updateTable(r -> r.tableName(resource.table()).onDemandThroughput(maximum));
            }
        });
    }

    @Override
    public void enableContributorInsights(ResourceId resource, ContributorInsightsMode mode) {
        AwsFailures.call("UpdateContributorInsights " + resource, () -> dynamoDb.updateContributorInsights(r -> r
                .tableName(resource.table())
                .indexName(resource.index())
                .contributorInsightsAction(ContributorInsightsAction.ENABLE)
                .contributorInsightsMode(mode.name())));
    }

    @Override
    public void disableContributorInsights(ResourceId resource) {
        AwsFailures.call("UpdateContributorInsights " + resource, () -> dynamoDb.updateContributorInsights(r -> r
                .tableName(resource.table())
                .indexName(resource.index())
                .contributorInsightsAction(ContributorInsightsAction.DISABLE)));
    }
}
