package io.throttleresponder;

import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.ParsedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * When an event file's alarm changed state: a plain sandbox run replays the incident at its own time,
 * so the hot-key summary's window and the recovery's quiet period are the incident's, not today's.
 */
final class EventTimes {

    private static final AlarmEventParser PARSER = AlarmEventParser.create();

    private EventTimes() {}

    /** The earliest state change among the file's alarms; empty for a file that is unreadable or holds no alarm. */
    static Optional<Instant> of(Path event) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(event);
        } catch (IOException unreadable) {
            // The run reports the file as rejected when it comes to it; it sets no time.
            return Optional.empty();
        }
        return PARSER.parse(bytes).stream()
                .filter(ParsedEvent.Alarm.class::isInstance)
                .map(parsed -> ((ParsedEvent.Alarm) parsed).notification().stateChangeTime())
                .min(Comparator.naturalOrder());
    }
}
