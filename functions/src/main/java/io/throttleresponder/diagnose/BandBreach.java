package io.throttleresponder.diagnose;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AnomalyBand;
import java.util.Locale;
import java.util.Optional;

/**
 * Which side of its band an anomaly-detection alarm crossed. Only a breach above the band (more
 * throttling, more demand than expected) can ask for capacity; CloudWatch writes the same reason for
 * either side of a two-sided band ({@code LessThanLowerOrGreaterThanUpperThreshold}), so the side is
 * read from the latest datapoint against the band's bounds. Pure.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Anomaly_Detection.html">Using
 *     CloudWatch anomaly detection</a>
 */
public final class BandBreach {

    private static final String BAND_FUNCTION = "ANOMALY_DETECTION_BAND";

    private BandBreach() {}

    /**
     * Why this ALARM is not a breach above the band ("breached below its band ..."), or empty when it is
     * one, or when the alarm is no anomaly-detection alarm.
     */
    static Optional<String> notAbove(AlarmNotification alarm) {
        String operator = alarm.comparisonOperator();
        boolean band = alarm.metrics().stream().anyMatch(m -> m.isExpression()
                && m.expression().toUpperCase(Locale.ROOT).contains(BAND_FUNCTION))
                || operator != null && operator.endsWith("UpperThreshold") || "LessThanLowerThreshold".equals(operator);
        if (!band || "GreaterThanUpperThreshold".equals(operator)) {
            return Optional.empty();
        }
        if ("LessThanLowerThreshold".equals(operator)) {
            return Optional.of("breached below its band (LessThanLowerThreshold): less than expected, nothing to raise");
        }
        AnomalyBand bounds = alarm.band();
        Double latest = alarm.datapoints().isEmpty() ? null : alarm.datapoints().get(alarm.datapoints().size() - 1);
        if (latest != null && bounds != null) {
            if (bounds.upper() != null && latest > bounds.upper()) {
                return Optional.empty();
            }
            if (bounds.lower() != null && latest < bounds.lower()) {
                return Optional.of("breached below its band (" + latest + " < lower bound " + bounds.lower()
                        + "): less than expected, nothing to raise");
            }
        }
        return Optional.of("does not say which side of its band it crossed (no datapoint and bound in the event):"
                + " the responder does not raise capacity on a breach that may be below the band");
    }
}
