package io.throttleresponder.respond;

import java.util.Map;
import java.util.Optional;

/**
 * A table as DescribeTable, DescribeScalableTargets and DescribeContributorInsights show it, with
 * the account's per-table quota from DescribeLimits.
 */
public record TableState(
        BillingMode billingMode,
        ResourceState table,
        Map<String, ResourceState> indexes,
        long tableMaxReadCapacityUnits,
        long tableMaxWriteCapacityUnits) {

    public static final long DEFAULT_TABLE_QUOTA = 40_000;

    public TableState {
        indexes = Map.copyOf(indexes);
    }

    public Optional<ResourceState> resource(ResourceId id) {
        return id.isIndex() ? Optional.ofNullable(indexes.get(id.index())) : Optional.of(table);
    }

    public long tableQuota(Operation operation) {
        return operation == Operation.READ ? tableMaxReadCapacityUnits : tableMaxWriteCapacityUnits;
    }
}
