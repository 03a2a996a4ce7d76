package io.throttleresponder.logging;

import java.util.Objects;

/**
 * A field of a log line: passed as an argument to an SLF4J call, it becomes a top-level field of the
 * line's JSON; a {@code {}} in the message shows it as {@code key=value}.
 */
public record StructuredEntry(String key, Object value) {

    public StructuredEntry {
        Objects.requireNonNull(key, "key");
    }

    public static StructuredEntry entry(String key, Object value) {
        return new StructuredEntry(key, value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
