package io.throttleresponder.model;

import io.throttleresponder.contract.BillingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table as DescribeTable, DescribeScalableTargets and DescribeContributorInsights show it, with
 * the account's per-table quota from DescribeLimits, and the Regions of its replicas when it is a
 * global table (2019.11.21).
 */
public record TableState(
        BillingMode billingMode,
        ResourceState table,
        Map<String, ResourceState> indexes,
        long tableMaxReadCapacityUnits,
        long tableMaxWriteCapacityUnits,
        List<String> replicaRegions,
        long accountMaxReadCapacityUnits,
        long accountMaxWriteCapacityUnits) {

    public static final long DEFAULT_TABLE_QUOTA = 40_000;
    /** A new account's provisioned-capacity quota per Region, summed over its tables and GSIs. */
    public static final long DEFAULT_ACCOUNT_QUOTA = 80_000;

    public TableState {
        indexes = Map.copyOf(indexes);
        replicaRegions = List.copyOf(replicaRegions);
    }

    /** A table of one Region, in an account with the default account quota. */
    public TableState(BillingMode billingMode, ResourceState table, Map<String, ResourceState> indexes,
                      long tableMaxReadCapacityUnits, long tableMaxWriteCapacityUnits) {
        this(billingMode, table, indexes, tableMaxReadCapacityUnits, tableMaxWriteCapacityUnits, List.of());
    }

    /** A table in an account with the default account quota. */
    public TableState(BillingMode billingMode, ResourceState table, Map<String, ResourceState> indexes,
                      long tableMaxReadCapacityUnits, long tableMaxWriteCapacityUnits, List<String> replicaRegions) {
        this(billingMode, table, indexes, tableMaxReadCapacityUnits, tableMaxWriteCapacityUnits, replicaRegions,
                DEFAULT_ACCOUNT_QUOTA, DEFAULT_ACCOUNT_QUOTA);
    }

    public long accountQuota(Operation operation) {
        return operation == Operation.READ ? accountMaxReadCapacityUnits : accountMaxWriteCapacityUnits;
    }

    public boolean isGlobal() {
        return !replicaRegions.isEmpty();
    }

    public Optional<ResourceState> resource(ResourceId id) {
        return id.isIndex() ? Optional.ofNullable(indexes.get(id.index())) : Optional.of(table);
    }

    public long tableQuota(Operation operation) {
        return operation == Operation.READ ? tableMaxReadCapacityUnits : tableMaxWriteCapacityUnits;
    }
}
