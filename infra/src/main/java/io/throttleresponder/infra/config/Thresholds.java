package io.throttleresponder.infra.config;

/**
 * Alarm thresholds; an alarm fires when its signal is above the threshold for one 1-minute period.
 *
 * @param throttleEventsPerMinute every throttle-event alarm (per cause and aggregate)
 * @param utilizationPercent consumed capacity as a percentage of provisioned capacity
 * @param latencyMilliseconds the average SuccessfulRequestLatency of the table's operations
 */
public record Thresholds(double throttleEventsPerMinute, double utilizationPercent, double latencyMilliseconds) {

    /** The seed on-call guides' figures. */
    public static final Thresholds SEED = new Thresholds(50, 80, 50);
}
