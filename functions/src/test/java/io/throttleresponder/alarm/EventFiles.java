package io.throttleresponder.alarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sample events in {@code events/}, the same files users invoke the function with. Maven runs
 * the tests with the functions module as working directory, so they are at {@code ../events}.
 */
public final class EventFiles {

    public static final Path DIRECTORY = Path.of("..", "events");
    /** Files in the directory that are not alarm events. */
    private static final Set<String> NOT_EVENTS = Set.of("sandbox-tables.json", "README.md");

    private EventFiles() {}

    /** The path as {@code EventLoader} and {@code @Event} take it. */
    public static String path(String file) {
        return "../events/" + file;
    }

    public static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every alarm event file, by name, sorted. */
    public static List<String> alarmEvents() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            // Subfolders (events/insights: recorded insight rule reports) hold no alarm events.
            List<String> names = files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !NOT_EVENTS.contains(name))
                    .sorted()
                    .toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no event files in " + DIRECTORY.toAbsolutePath());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> alarmEventsStartingWith(String prefix) {
        return alarmEvents().stream().filter(name -> name.startsWith(prefix)).toList();
    }

    /** Parses a sample file that holds exactly one alarm notification. */
    public static AlarmNotification notification(String file) {
        List<ParsedEvent> parsed = AlarmEventParser.create().parse(bytes(file));
        if (parsed.size() != 1 || !(parsed.get(0) instanceof ParsedEvent.Alarm alarm)) {
            throw new IllegalStateException(file + " did not parse to one alarm: " + parsed);
        }
        return alarm.notification();
    }
}
