package io.throttleresponder.model;

public enum Cause {
    /** One partition's limit (3,000 RCU / 1,000 WCU): more table capacity does not help. */
    KEY_RANGE,
    /** The provisioned capacity of the table or index is exceeded. */
    PROVISIONED,
    /** The on-demand maximum the owner set is reached. */
    MAX_ON_DEMAND,
    /** The account's per-table quota is reached: only a quota increase helps. */
    ACCOUNT_LIMIT,
    /** Consumed capacity is close to provisioned: throttling is imminent. */
    UTILIZATION,
    /** Requests are slow; the responder only reports this. */
    LATENCY,
    UNKNOWN;

    public boolean isThrottle() {
        return this != UTILIZATION && this != LATENCY;
    }
}
