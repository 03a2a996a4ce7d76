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
        int severityP3UtilizationPercent) {

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
                severityP2ThrottlesPerMinute, severityP3UtilizationPercent);
    }
}
