package io.throttleresponder.alarm;

import java.util.Locale;

public enum AlarmState {
    ALARM,
    OK,
    INSUFFICIENT_DATA;

    static AlarmState parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("unknown alarm state '" + value + "'");
        }
    }
}
