package io.throttleresponder.alarm;

/** How the alarm reached the responder. */
public enum Delivery {
    SNS,
    EVENTBRIDGE,
    ALARM_ACTION
}
