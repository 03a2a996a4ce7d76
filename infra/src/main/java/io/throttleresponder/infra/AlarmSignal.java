package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * One alarm per signal per watched table or index (DESIGN.md, "The flow", step 1). The name is the
 * alarm-name suffix; for throttle events it is also the AWS/DynamoDB metric name.
 */
public enum AlarmSignal {
    READ_KEY_RANGE_THROTTLES("ReadKeyRangeThroughputThrottleEvents", Kind.THROTTLE_EVENTS, true, BillingMode.values(),
            "Reads of %s are throttled by the per-partition limit (3,000 RCU per partition): a hot partition,"
                    + " which more table capacity does not fix. The responder enables Contributor Insights and posts"
                    + " the hottest keys with a recommendation (cache read-hot keys)."),
    WRITE_KEY_RANGE_THROTTLES("WriteKeyRangeThroughputThrottleEvents", Kind.THROTTLE_EVENTS, true, BillingMode.values(),
            "Writes to %s are throttled by the per-partition limit (1,000 WCU per partition): a hot partition,"
                    + " which more table capacity does not fix. The responder enables Contributor Insights and posts"
                    + " the hottest keys with a recommendation (shard write-hot keys with a suffix)."),
    READ_PROVISIONED_THROTTLES("ReadProvisionedThroughputThrottleEvents", Kind.THROTTLE_EVENTS, true,
            new BillingMode[] {BillingMode.PROVISIONED},
            "Reads of %s exceed its provisioned read capacity. The responder raises the read capacity (or the"
                    + " auto scaling minimum) within the policy cap, enables Contributor Insights, and scales back"
                    + " after recovery."),
    WRITE_PROVISIONED_THROTTLES("WriteProvisionedThroughputThrottleEvents", Kind.THROTTLE_EVENTS, true,
            new BillingMode[] {BillingMode.PROVISIONED},
            "Writes to %s exceed its provisioned write capacity. The responder raises the write capacity (or the"
                    + " auto scaling minimum) within the policy cap, enables Contributor Insights, and scales back"
                    + " after recovery."),
    READ_MAX_ON_DEMAND_THROTTLES("ReadMaxOnDemandThroughputThrottleEvents", Kind.THROTTLE_EVENTS, true,
            new BillingMode[] {BillingMode.PAY_PER_REQUEST},
            "Reads of %s exceed the on-demand maximum read request units its owner set. The responder raises"
                    + " MaxReadRequestUnits within the policy cap, enables Contributor Insights, and lowers it again"
                    + " after recovery."),
    WRITE_MAX_ON_DEMAND_THROTTLES("WriteMaxOnDemandThroughputThrottleEvents", Kind.THROTTLE_EVENTS, true,
            new BillingMode[] {BillingMode.PAY_PER_REQUEST},
            "Writes to %s exceed the on-demand maximum write request units its owner set. The responder raises"
                    + " MaxWriteRequestUnits within the policy cap, enables Contributor Insights, and lowers it again"
                    + " after recovery."),
    // On GSIs too: DynamoDB maps IndexRead/IndexWriteAccountLimitExceeded to these metrics with the index's dimensions
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-diagnosing-workflow.html), though
    // the metrics page lists only TableName for the write one
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html).
    READ_ACCOUNT_LIMIT_THROTTLES("ReadAccountLimitThrottleEvents", Kind.THROTTLE_EVENTS, true, BillingMode.values(),
            "Reads of %s exceed the account's per-table read quota. The responder changes nothing: it enables"
                    + " Contributor Insights and notifies with the quota to raise in Service Quotas."),
    WRITE_ACCOUNT_LIMIT_THROTTLES("WriteAccountLimitThrottleEvents", Kind.THROTTLE_EVENTS, true, BillingMode.values(),
            "Writes to %s exceed the account's per-table write quota. The responder changes nothing: it enables"
                    + " Contributor Insights and notifies with the quota to raise in Service Quotas."),
    READ_THROTTLES("ReadThrottleEvents", Kind.THROTTLE_EVENTS, true, BillingMode.values(),
            "Reads of %s are throttled, whatever the cause. The responder finds the cause in the per-cause"
                    + " metrics of the last minutes and acts as for that cause."),
    WRITE_THROTTLES("WriteThrottleEvents", Kind.THROTTLE_EVENTS, true, BillingMode.values(),
            "Writes to %s are throttled, whatever the cause. The responder finds the cause in the per-cause"
                    + " metrics of the last minutes and acts as for that cause."),
    READ_CAPACITY_UTILIZATION("ReadCapacityUtilization", Kind.UTILIZATION, true,
            new BillingMode[] {BillingMode.PROVISIONED},
            "Consumed read capacity of %s is above the threshold percentage of its provisioned read capacity:"
                    + " throttling is near. The responder raises the read capacity (or the auto scaling minimum)"
                    + " within the policy cap."),
    WRITE_CAPACITY_UTILIZATION("WriteCapacityUtilization", Kind.UTILIZATION, true,
            new BillingMode[] {BillingMode.PROVISIONED},
            "Consumed write capacity of %s is above the threshold percentage of its provisioned write capacity:"
                    + " throttling is near. The responder raises the write capacity (or the auto scaling minimum)"
                    + " within the policy cap."),
    SUCCESSFUL_REQUEST_LATENCY("SuccessfulRequestLatency", Kind.LATENCY, false, BillingMode.values(),
            "The average server-side latency of successful requests to %s is above the threshold. The responder"
                    + " only notifies: it posts the incident and changes nothing.");

    /** What an alarm on the signal measures, which decides its metric and threshold. */
    public enum Kind {
        THROTTLE_EVENTS,
        UTILIZATION,
        LATENCY
    }

    private final String signalName;
    private final Kind kind;
    private final boolean perIndex;
    private final Set<BillingMode> billingModes;
    private final String descriptionTemplate;

    AlarmSignal(String signalName, Kind kind, boolean perIndex, BillingMode[] billingModes, String descriptionTemplate) {
        this.signalName = signalName;
        this.kind = kind;
        this.perIndex = perIndex;
        this.billingModes = EnumSet.copyOf(Arrays.asList(billingModes));
        this.descriptionTemplate = descriptionTemplate;
    }

    public String signalName() {
        return signalName;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the signal exists for the billing mode and, for a GSI, whether DynamoDB publishes it per index. */
    public boolean appliesTo(BillingMode billingMode, boolean index) {
        return billingModes.contains(billingMode) && (!index || perIndex);
    }

    /** "Consumed" and "Provisioned" capacity metrics for utilization signals: Read or Write. */
    String capacityDirection() {
        return signalName.startsWith("Read") ? "Read" : "Write";
    }

    /** @param subject "table orders" or "index orders-by-status of table orders" */
    public String describe(String subject) {
        return descriptionTemplate.formatted(subject);
    }

    public static int longestSignalName() {
        return Arrays.stream(values()).mapToInt(signal -> signal.signalName.length()).max().orElseThrow();
    }
}
