package io.throttleresponder.model;

import java.time.Instant;
import java.util.Map;


/**
 * The capacity facts of a table or index that planning needs. Provisioned units are 0 for an
 * on-demand resource; an on-demand maximum of -1 means no maximum is set. Contributor Insights' mode
 * and the last change of its status (DescribeContributorInsights) are null where unknown.
 */
public record ResourceState(
        ResourceId id,
        String status,
        long readCapacityUnits,
        long writeCapacityUnits,
        long maxOnDemandReadRequestUnits,
        long maxOnDemandWriteRequestUnits,
        Decreases decreases,
        Map<Operation, ScalableTarget> scalableTargets,
        String contributorInsightsStatus,
        String contributorInsightsMode,
        Instant contributorInsightsUpdatedAt) {

    public static final long NO_ON_DEMAND_MAXIMUM = -1;
    /** Not a status DynamoDB reports: DescribeContributorInsights failed, and the reader logged why. */
    public static final String INSIGHTS_UNREADABLE = "UNREADABLE";

    public ResourceState {
        scalableTargets = Map.copyOf(scalableTargets);
    }

    /** A resource whose Contributor Insights mode and last change are not known. */
    public ResourceState(ResourceId id, String status, long readCapacityUnits, long writeCapacityUnits,
                         long maxOnDemandReadRequestUnits, long maxOnDemandWriteRequestUnits, Decreases decreases,
                         Map<Operation, ScalableTarget> scalableTargets, String contributorInsightsStatus) {
        this(id, status, readCapacityUnits, writeCapacityUnits, maxOnDemandReadRequestUnits, maxOnDemandWriteRequestUnits,
                decreases, scalableTargets, contributorInsightsStatus, null, null);
    }

    public long provisioned(Operation operation) {
        return operation == Operation.READ ? readCapacityUnits : writeCapacityUnits;
    }

    public long onDemandMaximum(Operation operation) {
        return operation == Operation.READ ? maxOnDemandReadRequestUnits : maxOnDemandWriteRequestUnits;
    }

    public boolean contributorInsightsOn() {
        return "ENABLED".equals(contributorInsightsStatus) || "ENABLING".equals(contributorInsightsStatus);
    }

}
