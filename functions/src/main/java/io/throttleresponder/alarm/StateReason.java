package io.throttleresponder.alarm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What CloudWatch writes into a state reason's text, read where a delivery carries it nowhere else. */
final class StateReason {

    /** The bracketed list of datapoints in a state reason, and one "value (date)" of it. */
    private static final Pattern DATAPOINT_LIST = Pattern.compile("datapoints?[^\\[]*\\[([^\\]]*)\\]");
    private static final Pattern LOWER_BOUNDS = Pattern.compile("lower thresholds?\\s*\\[([^\\]]*)\\]");
    private static final Pattern UPPER_BOUNDS = Pattern.compile("upper thresholds?\\s*\\[([^\\]]*)\\]");
    private static final Pattern DATAPOINT = Pattern.compile("(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*\\(");

    private StateReason() {}

    /**
     * SNS gives an anomaly band only in the reason: "... was less than the lower thresholds [193.3] or
     * greater than the upper thresholds [531.4] ...".
     */
    static AnomalyBand bandFromReason(String reason) {
        if (reason == null) {
            return null;
        }
        Double lower = lastNumber(LOWER_BOUNDS.matcher(reason));
        Double upper = lastNumber(UPPER_BOUNDS.matcher(reason));
        return lower == null && upper == null ? null : new AnomalyBand(lower, upper);
    }

    private static Double lastNumber(Matcher bounds) {
        if (!bounds.find()) {
            return null;
        }
        String[] values = bounds.group(1).split(",");
        try {
            return Double.parseDouble(values[values.length - 1].trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * SNS carries no reasonData: the datapoints are those CloudWatch writes in brackets in the reason,
     * "Threshold Crossed: 1 out of the last 1 datapoints [212.0 (21/11/26 03:14:00)] was greater than ...".
     */
    static List<Double> datapointsOf(String reason) {
        if (reason == null) {
            return List.of();
        }
        Matcher brackets = DATAPOINT_LIST.matcher(reason);
        if (!brackets.find()) {
            return List.of();
        }
        List<Double> values = new ArrayList<>();
        Matcher value = DATAPOINT.matcher(brackets.group(1));
        while (value.find()) {
            values.add(Double.parseDouble(value.group(1)));
        }
        return values;
    }
}
