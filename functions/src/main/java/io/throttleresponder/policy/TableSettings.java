package io.throttleresponder.policy;

import java.time.Duration;

/**
 * How the responder treats one table. Defaults come from the on-call guides the product replaces:
 * their auto-responder scaled by 3 and capped at the 40,000-unit default table quota.
 */
public record TableSettings(
        double scaleFactor,
        int headroomPercent,
        long maxReadCapacityUnits,
        long maxWriteCapacityUnits,
        long maxOnDemandReadRequestUnits,
        long maxOnDemandWriteRequestUnits,
        Duration cooldown,
        boolean contributorInsights,
        ContributorInsightsMode contributorInsightsMode,
        Duration hotKeySummaryDelay,
        int hotKeySummaryRepeats,
        Duration recoveryQuietPeriod,
        boolean maskKeys,
        boolean dryRun,
        double maxIncidentFactor,
        Duration recoveryHorizon,
        String globalTableActingRegion,
        boolean notifyWhenMuted,
        long severityP1ThrottlesPerMinute,
        long severityP2ThrottlesPerMinute,
        int severityP3UtilizationPercent,
        boolean tuneScalingPolicy,
        int incidentTargetValue,
        int incidentScaleOutCooldownSeconds) {

    /**
     * The hot-partition guide's short-term mitigation, "increase auto-scaling aggressiveness": a target
     * of 50 % instead of the usual 70 %, and a scale-out cooldown of 60 s.
     */
    public static final int GUIDE_TARGET_VALUE = 50;
    public static final int GUIDE_SCALE_OUT_COOLDOWN_SECONDS = 60;

    /** Settings with the guide's scaling-policy tuning, for callers that predate it. */
    public TableSettings(double scaleFactor, int headroomPercent, long maxReadCapacityUnits, long maxWriteCapacityUnits,
                         long maxOnDemandReadRequestUnits, long maxOnDemandWriteRequestUnits, Duration cooldown,
                         boolean contributorInsights, ContributorInsightsMode contributorInsightsMode,
                         Duration hotKeySummaryDelay, int hotKeySummaryRepeats, Duration recoveryQuietPeriod,
                         boolean maskKeys, boolean dryRun, double maxIncidentFactor, Duration recoveryHorizon,
                         String globalTableActingRegion, boolean notifyWhenMuted, long severityP1ThrottlesPerMinute,
                         long severityP2ThrottlesPerMinute, int severityP3UtilizationPercent) {
        this(scaleFactor, headroomPercent, maxReadCapacityUnits, maxWriteCapacityUnits, maxOnDemandReadRequestUnits,
                maxOnDemandWriteRequestUnits, cooldown, contributorInsights, contributorInsightsMode, hotKeySummaryDelay,
                hotKeySummaryRepeats, recoveryQuietPeriod, maskKeys, dryRun, maxIncidentFactor, recoveryHorizon,
                globalTableActingRegion, notifyWhenMuted, severityP1ThrottlesPerMinute, severityP2ThrottlesPerMinute,
                severityP3UtilizationPercent, true, GUIDE_TARGET_VALUE, GUIDE_SCALE_OUT_COOLDOWN_SECONDS);
    }

    public static final TableSettings DEFAULTS = new TableSettings(
            3.0, 20, 40_000, 40_000, 40_000, 40_000,
            Duration.ofMinutes(15), true, ContributorInsightsMode.THROTTLED_KEYS,
            Duration.ofMinutes(5), 3, Duration.ofMinutes(30), false, false, 10.0, Duration.ofHours(24), null, false,
            500, 100, 80);

    /**
     * Whether this Region's responder changes the capacity of a global table: only the one Region the
     * policy names (globalTableActingRegion), since the settings are shared by every replica.
     */
    public boolean actsOnGlobalTableIn(String region) {
        return region.equals(globalTableActingRegion);
    }

    /** These settings with Contributor Insights off: for a table that has not opted in, unless the policy allows it. */
    public TableSettings withoutContributorInsights() {
        return new TableSettings(scaleFactor, headroomPercent, maxReadCapacityUnits, maxWriteCapacityUnits,
                maxOnDemandReadRequestUnits, maxOnDemandWriteRequestUnits, cooldown, false, contributorInsightsMode,
                hotKeySummaryDelay, hotKeySummaryRepeats, recoveryQuietPeriod, maskKeys, dryRun, maxIncidentFactor,
                recoveryHorizon, globalTableActingRegion, notifyWhenMuted, severityP1ThrottlesPerMinute,
                severityP2ThrottlesPerMinute, severityP3UtilizationPercent, tuneScalingPolicy, incidentTargetValue,
                incidentScaleOutCooldownSeconds);
    }
}
