package io.throttleresponder.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AlarmNotificationJsonTest {

    static java.util.List<String> eventFiles() {
        return EventFiles.alarmEvents();
    }

    /** A retry carries the notification in its follow-up message: what it is read back as must be what was parsed. */
    @ParameterizedTest
    @MethodSource("eventFiles")
    void writeThenRead_givesTheNotificationBack_contributorMuteAndBandIncluded(String file) {
        AlarmNotification parsed = EventFiles.notification(file);

        assertThat(AlarmNotificationJson.read(AlarmNotificationJson.write(parsed))).isEqualTo(parsed);
    }
}
