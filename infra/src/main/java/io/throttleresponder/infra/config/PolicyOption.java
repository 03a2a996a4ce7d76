package io.throttleresponder.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The responder policy keys of docs/contracts.md that a table or the defaults may set, with their valid values. */
enum PolicyOption {
    SCALE_FACTOR("scaleFactor", Type.NUMBER, 1.0, 100, "greater than 1"),
    HEADROOM_PERCENT("headroomPercent", Type.INTEGER, 0.0, 1000, "at least 0"),
    MAX_READ_CAPACITY_UNITS("maxReadCapacityUnits", Type.INTEGER, 1.0, Limits.UNITS, "at least 1"),
    MAX_WRITE_CAPACITY_UNITS("maxWriteCapacityUnits", Type.INTEGER, 1.0, Limits.UNITS, "at least 1"),
    MAX_ON_DEMAND_READ_REQUEST_UNITS("maxOnDemandReadRequestUnits", Type.INTEGER, 1.0, Limits.UNITS, "at least 1"),
    MAX_ON_DEMAND_WRITE_REQUEST_UNITS("maxOnDemandWriteRequestUnits", Type.INTEGER, 1.0, Limits.UNITS, "at least 1"),
    COOLDOWN_MINUTES("cooldownMinutes", Type.INTEGER, 0.0, Limits.WEEK_IN_MINUTES, "at least 0"),
    CONTRIBUTOR_INSIGHTS("contributorInsights", Type.BOOLEAN, 0.0, 0.0, ""),
    CONTRIBUTOR_INSIGHTS_MODE("contributorInsightsMode", Type.MODE, 0.0, 0.0, ""),
    HOT_KEY_SUMMARY_DELAY_MINUTES("hotKeySummaryDelayMinutes", Type.INTEGER, 1.0, Limits.WEEK_IN_MINUTES, "at least 1"),
    HOT_KEY_SUMMARY_REPEATS("hotKeySummaryRepeats", Type.INTEGER, 0.0, 100, "at least 0"),
    RECOVERY_QUIET_MINUTES("recoveryQuietMinutes", Type.INTEGER, 0.0, Limits.WEEK_IN_MINUTES, "at least 0"),
    MASK_KEYS("maskKeys", Type.BOOLEAN, 0.0, 0.0, ""),
    DRY_RUN("dryRun", Type.BOOLEAN, 0.0, 0.0, ""),
    MAX_INCIDENT_FACTOR("maxIncidentFactor", Type.NUMBER, 1.0, 1000, "greater than 1"),
    RECOVERY_HORIZON_HOURS("recoveryHorizonHours", Type.INTEGER, 1.0, 7 * 24, "at least 1"),
    GLOBAL_TABLE_ACTING_REGION("globalTableActingRegion", Type.REGION, 0.0, 0.0, ""),
    NOTIFY_WHEN_MUTED("notifyWhenMuted", Type.BOOLEAN, 0.0, 0.0, ""),
    SEVERITY_P1_THROTTLES_PER_MINUTE("severityP1ThrottlesPerMinute", Type.INTEGER, 1.0, 1_000_000_000, "at least 1"),
    SEVERITY_P2_THROTTLES_PER_MINUTE("severityP2ThrottlesPerMinute", Type.INTEGER, 1.0, 1_000_000_000, "at least 1"),
    SEVERITY_P3_UTILIZATION_PERCENT("severityP3UtilizationPercent", Type.INTEGER, 1.0, 100, "from 1 to 100");

    /** The upper bounds the function's policy parser enforces at start-up; a value past them would stop it. */
    private static final class Limits {
        static final double UNITS = 1_000_000;
        static final double WEEK_IN_MINUTES = 7 * 24 * 60;
    }

    private enum Type {
        NUMBER,
        INTEGER,
        BOOLEAN,
        MODE,
        REGION
    }

    private static final Pattern REGION_CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private static final List<String> CONTRIBUTOR_INSIGHTS_MODES = List.of("THROTTLED_KEYS", "ACCESSED_AND_THROTTLED_KEYS");

    private final String key;
    private final Type type;
    private final double minimum;
    private final double maximum;
    private final String range;

    PolicyOption(String key, Type type, double minimum, double maximum, String range) {
        this.key = key;
        this.type = type;
        this.minimum = minimum;
        this.maximum = maximum;
        this.range = range;
    }

    static Optional<PolicyOption> named(String key) {
        return Arrays.stream(values()).filter(option -> option.key.equals(key)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(option -> option.key).toList();
    }

    /** @return what is wrong with the value, if anything */
    Optional<String> validate(JsonNode value) {
        return switch (type) {
            case BOOLEAN -> value.isBoolean() ? Optional.empty() : Optional.of("expected true or false, found " + value);
            case MODE -> value.isTextual() && CONTRIBUTOR_INSIGHTS_MODES.contains(value.asText())
                    ? Optional.empty()
                    : Optional.of("expected one of %s, found %s".formatted(CONTRIBUTOR_INSIGHTS_MODES, value));
            case REGION -> value.isTextual() && REGION_CODE.matcher(value.asText()).matches()
                    ? Optional.empty()
                    : Optional.of("expected a Region code such as us-east-1, found " + value);
            case NUMBER, INTEGER -> validateNumber(value);
        };
    }

    private Optional<String> validateNumber(JsonNode value) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            return Optional.of(value + " is not a number");
        }
        if (type == Type.INTEGER && !value.canConvertToExactIntegral()) {
            return Optional.of(value + " is not a whole number");
        }
        // The factors must exceed 1 (a factor of 1 scales nothing); every other minimum is inclusive.
        boolean aboveMinimum = this == SCALE_FACTOR || this == MAX_INCIDENT_FACTOR
                ? value.doubleValue() > minimum : value.doubleValue() >= minimum;
        if (!aboveMinimum) {
            return Optional.of("must be %s, found %s".formatted(range, value));
        }
        return value.doubleValue() <= maximum ? Optional.empty()
                : Optional.of("must be at most %s, found %s".formatted(plain(maximum), value));
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    Object value(JsonNode value) {
        return switch (type) {
            case BOOLEAN -> value.booleanValue();
            case MODE, REGION -> value.asText();
            case NUMBER -> value.doubleValue();
            case INTEGER -> value.longValue();
        };
    }
}
