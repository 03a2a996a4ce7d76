package io.throttleresponder.act;

/**
 * Sets an alarm's state (SetAlarmState). CloudWatch evaluates the alarm again at its next period, so an
 * alarm set to OK while its metric still breaches goes back to ALARM, and sends that notification.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html">SetAlarmState:
 *     the alarm returns to its actual state at its next evaluation</a>
 */
public interface AlarmStateReset {

    void setOk(String alarmName, String reason);
}
