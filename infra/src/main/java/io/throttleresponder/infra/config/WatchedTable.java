package io.throttleresponder.infra.config;

import io.throttleresponder.contract.BillingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table the responder watches and may act on; it is referenced by name, never created or changed by the stacks.
 *
 * @param name the DynamoDB table name
 * @param billingMode decides which capacity alarms apply
 * @param indexes the global secondary indexes to watch, by name
 * @param thresholds alarm thresholds for the table and its indexes
 * @param latencyOperations the operations whose average SuccessfulRequestLatency is alarmed on
 * @param policyOverrides responder policy keys that differ from the defaults for this table
 */
public record WatchedTable(
        String name,
        BillingMode billingMode,
        List<String> indexes,
        Thresholds thresholds,
        List<String> latencyOperations,
        Map<String, Object> policyOverrides) {

    public WatchedTable {
        indexes = List.copyOf(indexes);
        latencyOperations = List.copyOf(latencyOperations);
        policyOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(policyOverrides));
    }
}
