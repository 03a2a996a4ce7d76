package io.throttleresponder.alarm;

/**
 * The band an anomaly-detection alarm compared its latest datapoint with: CloudWatch writes the same
 * reason whichever side was crossed, so the side is read from the datapoint against these bounds.
 * Either bound may be null when the alarm compares with one side only.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html">Alarm
 *     events and EventBridge: reasonData's recentLowerThresholds and recentUpperThresholds</a>
 */
public record AnomalyBand(Double lower, Double upper) {}
