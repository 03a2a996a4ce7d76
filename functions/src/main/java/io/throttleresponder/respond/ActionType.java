package io.throttleresponder.respond;

public enum ActionType {
    UPDATE_PROVISIONED,
    RAISE_AUTOSCALING_MIN,
    RAISE_ON_DEMAND_MAX,
    ENABLE_CONTRIBUTOR_INSIGHTS,
    SCHEDULE_HOT_KEY_SUMMARY,
    NOTIFY;

    /** Actions that change capacity: guarded by the cooldown and caps, undone on recovery. */
    public boolean changesCapacity() {
        return this == UPDATE_PROVISIONED || this == RAISE_AUTOSCALING_MIN || this == RAISE_ON_DEMAND_MAX;
    }

    /** Actions that write to the watched resources: none of them happens in dry-run or with the kill switch on. */
    public boolean changesResource() {
        return changesCapacity() || this == ENABLE_CONTRIBUTOR_INSIGHTS;
    }
}
