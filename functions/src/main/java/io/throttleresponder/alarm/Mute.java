package io.throttleresponder.alarm;

import java.time.Instant;

/**
 * An alarm mute rule that silenced the actions of a state change: the alarm still evaluates and
 * changes state, but its actions are muted for the window. {@code start} and {@code end} may be null
 * when the event does not say.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarmmuterule.html">AWS::CloudWatch::AlarmMuteRule</a>
 */
public record Mute(String rule, Instant start, Instant end) {

    /** Whether the window covers the instant; a window the event leaves open on a side covers that side. */
    public boolean covers(Instant at) {
        return (start == null || !at.isBefore(start)) && (end == null || at.isBefore(end));
    }

    public String describe() {
        return "alarm mute rule " + rule + (start == null && end == null ? "" : " (" + (start == null ? "…" : start)
                + " to " + (end == null ? "…" : end) + ")");
    }
}
