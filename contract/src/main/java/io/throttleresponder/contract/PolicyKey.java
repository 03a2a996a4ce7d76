package io.throttleresponder.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The responder policy's per-table keys (docs/contracts.md, {@code defaults} and {@code tables}) with
 * their types and bounds: the one list the deployment configuration is validated against at synth and
 * the functions parse at start-up, so a value synth accepts never stops the function.
 */
public enum PolicyKey {
    SCALE_FACTOR("scaleFactor", Type.NUMBER, 1, true, 100),
    HEADROOM_PERCENT("headroomPercent", Type.WHOLE_NUMBER, 0, false, 1000),
    MAX_READ_CAPACITY_UNITS("maxReadCapacityUnits", Type.WHOLE_NUMBER, 1, false, Bounds.UNITS),
    MAX_WRITE_CAPACITY_UNITS("maxWriteCapacityUnits", Type.WHOLE_NUMBER, 1, false, Bounds.UNITS),
    MAX_ON_DEMAND_READ_REQUEST_UNITS("maxOnDemandReadRequestUnits", Type.WHOLE_NUMBER, 1, false, Bounds.UNITS),
    MAX_ON_DEMAND_WRITE_REQUEST_UNITS("maxOnDemandWriteRequestUnits", Type.WHOLE_NUMBER, 1, false, Bounds.UNITS),
    COOLDOWN_MINUTES("cooldownMinutes", Type.WHOLE_NUMBER, 0, false, Bounds.WEEK_IN_MINUTES),
    CONTRIBUTOR_INSIGHTS("contributorInsights", Type.BOOLEAN, 0, false, 0),
    CONTRIBUTOR_INSIGHTS_MODE("contributorInsightsMode", Type.CONTRIBUTOR_INSIGHTS_MODE, 0, false, 0),
    HOT_KEY_SUMMARY_DELAY_MINUTES("hotKeySummaryDelayMinutes", Type.WHOLE_NUMBER, 1, false, Bounds.WEEK_IN_MINUTES),
    HOT_KEY_SUMMARY_REPEATS("hotKeySummaryRepeats", Type.WHOLE_NUMBER, 0, false, 100),
    RECOVERY_QUIET_MINUTES("recoveryQuietMinutes", Type.WHOLE_NUMBER, 0, false, Bounds.WEEK_IN_MINUTES),
    MASK_KEYS("maskKeys", Type.BOOLEAN, 0, false, 0),
    DRY_RUN("dryRun", Type.BOOLEAN, 0, false, 0),
    MAX_INCIDENT_FACTOR("maxIncidentFactor", Type.NUMBER, 1, true, 1000),
    RECOVERY_HORIZON_HOURS("recoveryHorizonHours", Type.WHOLE_NUMBER, 1, false, 7 * 24),
    GLOBAL_TABLE_ACTING_REGION("globalTableActingRegion", Type.REGION, 0, false, 0),
    NOTIFY_WHEN_MUTED("notifyWhenMuted", Type.BOOLEAN, 0, false, 0),
    SEVERITY_P1_THROTTLES_PER_MINUTE("severityP1ThrottlesPerMinute", Type.WHOLE_NUMBER, 1, false, 1_000_000_000),
    SEVERITY_P2_THROTTLES_PER_MINUTE("severityP2ThrottlesPerMinute", Type.WHOLE_NUMBER, 1, false, 1_000_000_000),
    SEVERITY_P3_UTILIZATION_PERCENT("severityP3UtilizationPercent", Type.WHOLE_NUMBER, 1, false, 100),
    /** During an incident, make the dimension's target-tracking policy more aggressive (the hot-partition guide's step). */
    TUNE_SCALING_POLICY("tuneScalingPolicy", Type.BOOLEAN, 0, false, 0),
    /**
     * The TargetValue set for the incident: DynamoDB auto scaling takes a target utilization of 20 to 90 %
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html).
     */
    INCIDENT_TARGET_VALUE("incidentTargetValue", Type.WHOLE_NUMBER, 20, false, 90),
    /** The ScaleOutCooldown set for the incident, in seconds (at least 0, as the API takes it); a day is past any use. */
    INCIDENT_SCALE_OUT_COOLDOWN_SECONDS("incidentScaleOutCooldownSeconds", Type.WHOLE_NUMBER, 0, false, 86_400);

    public enum Type {
        NUMBER,
        WHOLE_NUMBER,
        BOOLEAN,
        /** THROTTLED_KEYS or ACCESSED_AND_THROTTLED_KEYS. */
        CONTRIBUTOR_INSIGHTS_MODE,
        /** A Region code such as us-east-1. */
        REGION
    }

    public static final List<String> CONTRIBUTOR_INSIGHTS_MODES = List.of("THROTTLED_KEYS", "ACCESSED_AND_THROTTLED_KEYS");

    private static final class Bounds {
        /** DynamoDB's per-table quotas can be raised; a million units is past any this responder should set alone. */
        static final long UNITS = 1_000_000;
        static final long WEEK_IN_MINUTES = 7 * 24 * 60;
    }

    private final String key;
    private final Type type;
    private final double minimum;
    /** The factors must exceed 1, since a factor of 1 scales nothing; every other minimum is inclusive. */
    private final boolean minimumExcluded;
    private final double maximum;

    PolicyKey(String key, Type type, double minimum, boolean minimumExcluded, double maximum) {
        this.key = key;
        this.type = type;
        this.minimum = minimum;
        this.minimumExcluded = minimumExcluded;
        this.maximum = maximum;
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public double minimum() {
        return minimum;
    }

    public boolean minimumExcluded() {
        return minimumExcluded;
    }

    public double maximum() {
        return maximum;
    }

    /** Whether a number of this key's type is within its bounds. */
    public boolean accepts(double value) {
        return (minimumExcluded ? value > minimum : value >= minimum) && value <= maximum
                && (type != Type.WHOLE_NUMBER || value == Math.rint(value));
    }

    /** A bound as people write it: 1, 0.5, 1000000. */
    public static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    public static Optional<PolicyKey> named(String key) {
        return Arrays.stream(values()).filter(option -> option.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(PolicyKey::key).toList();
    }
}
