package io.throttleresponder.act;

import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.policy.ContributorInsightsMode;

/** The writes a response makes to the watched resources. Each call either succeeds or throws. */
public interface Actuator {

    /** Sets one dimension's provisioned capacity; the other keeps its current value. */
    void updateProvisioned(ResourceState current, Operation dimension, long capacityUnits);

    void registerScalableTarget(ResourceId resource, Operation dimension, long minCapacity, long maxCapacity);

    /** PutScalingPolicy: the policy as given, its every setting (those left null stay left out). */
    void putScalingPolicy(ResourceId resource, Operation dimension, ScalingPolicy policy);

    /** Sets one dimension's on-demand maximum; the other keeps its current value (-1: none). */
    void updateOnDemandMaximum(ResourceState current, Operation dimension, long requestUnits);

    void enableContributorInsights(ResourceId resource, ContributorInsightsMode mode);

    /** Sets both dimensions in one call: DynamoDB takes one update at a time, and a decrease is counted per call. */
    void restoreProvisioned(ResourceId resource, long readCapacityUnits, long writeCapacityUnits);

    void restoreOnDemandMaximum(ResourceId resource, long maxReadRequestUnits, long maxWriteRequestUnits);

    void disableContributorInsights(ResourceId resource);
}
