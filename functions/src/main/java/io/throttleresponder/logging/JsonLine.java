package io.throttleresponder.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One log event as one JSON object on one line of standard error, with the field names Powertools
 * Logging's layout used: level, message, error (message, name, stack), timestamp, the MDC's fields
 * (the invocation's, {@link InvocationLogging}), then each {@link StructuredEntry} argument as a
 * top-level field. Standard error keeps standard output free for the local runner's JSON; on Lambda
 * both streams reach CloudWatch Logs.
 */
final class JsonLine {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ThreadMdc mdc;

    JsonLine(ThreadMdc mdc) {
        this.mdc = mdc;
    }

    void write(Level level, String message, Object[] arguments, Throwable error) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("level", level.name());
            json.writeStringField("message", message);
            if (error != null) {
                writeError(json, error);
            }
            json.writeStringField("timestamp", TIMESTAMP.format(Instant.now()));
            for (Map.Entry<String, String> field : mdc.current().entrySet()) {
                writeContextField(json, field.getKey(), field.getValue());
            }
            if (arguments != null) {
                for (Object argument : arguments) {
                    if (argument instanceof StructuredEntry entry) {
                        json.writeFieldName(entry.key());
                        writeValue(json, entry.value());
                    }
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        // Read at each line: Lambda's runtime and the tests' log capture each set their own standard error.
        System.err.print(line);
    }

    private static void writeError(JsonGenerator json, Throwable error) throws IOException {
        StringWriter stack = new StringWriter();
        error.printStackTrace(new PrintWriter(stack));
        json.writeObjectFieldStart("error");
        json.writeStringField("message", error.getMessage());
        json.writeStringField("name", error.getClass().getName());
        json.writeStringField("stack", stack.toString().stripTrailing());
        json.writeEndObject();
    }

    /** The MDC holds strings; the two fields Powertools wrote as a boolean and a number stay so. */
    private static void writeContextField(JsonGenerator json, String key, String value) throws IOException {
        json.writeFieldName(key);
        if (value == null) {
            json.writeNull();
        } else if (key.equals(InvocationLogging.COLD_START)) {
            json.writeBoolean(Boolean.parseBoolean(value));
        } else if (key.equals(InvocationLogging.FUNCTION_MEMORY_SIZE)) {
            json.writeNumber(Integer.parseInt(value));
        } else {
            json.writeString(value);
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d && Double.isFinite(d)) {
            json.writeNumber(d);
        } else if (value instanceof Collection<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }
}
