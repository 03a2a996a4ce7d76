package io.throttleresponder.model;

public enum ActionType {
    UPDATE_PROVISIONED,
    RAISE_AUTOSCALING_MIN,
    RAISE_ON_DEMAND_MAX,
    /** A target-tracking policy made more aggressive for the incident: a lower TargetValue, a shorter ScaleOutCooldown. */
    TUNE_SCALING_POLICY,
    ENABLE_CONTRIBUTOR_INSIGHTS,
    SCHEDULE_HOT_KEY_SUMMARY,
    SCHEDULE_RECOVERY,
    RESTORE_PROVISIONED,
    RESTORE_AUTOSCALING_MIN,
    RESTORE_ON_DEMAND_MAX,
    RESTORE_SCALING_POLICY,
    DISABLE_CONTRIBUTOR_INSIGHTS,
    /** An alarm of an undone incident still in ALARM, set back to OK so that the next incident is heard. */
    SET_ALARM_STATE,
    /**
     * A Metrics Insights contributor of an undone incident still in ALARM, which SetAlarmState cannot set: its
     * table is watched, and a new throttle answered as its ALARM.
     */
    WATCH_CONTRIBUTOR,
    NOTIFY;

    /** Actions that change capacity: guarded by the cooldown and caps, undone on recovery. */
    public boolean changesCapacity() {
        return this == UPDATE_PROVISIONED || this == RAISE_AUTOSCALING_MIN || this == RAISE_ON_DEMAND_MAX
                || this == TUNE_SCALING_POLICY;
    }

    /** Actions that undo a change of the responder's after the incident. */
    public boolean restores() {
        return this == RESTORE_PROVISIONED || this == RESTORE_AUTOSCALING_MIN || this == RESTORE_ON_DEMAND_MAX
                || this == RESTORE_SCALING_POLICY || this == DISABLE_CONTRIBUTOR_INSIGHTS;
    }
}
