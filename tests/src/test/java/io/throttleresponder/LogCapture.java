package io.throttleresponder;

import io.throttleresponder.logging.JsonLineLoggerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Everything the responder logs while it is open, as the JSON lines production writes (so structured
 * fields count), at DEBUG; and anything else written to standard error. The responder's lines go to
 * standard error, so capturing it captures them.
 */
final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final JsonLineLoggerFactory loggers;
    private final Level previousLevel;
    private final PrintStream previousErr;

    private LogCapture() {
        loggers = (JsonLineLoggerFactory) LoggerFactory.getILoggerFactory();
        previousLevel = loggers.responderLevel();
        // Tests run at WARN (throttleresponder.logLevel); every line the responder can write is needed here.
        loggers.responderLevel(Level.DEBUG);
        previousErr = System.err;
        System.setErr(new PrintStream(new TeeStream(previousErr, stderr), true, StandardCharsets.UTF_8));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** The captured log lines, with whatever else went to standard error. */
    String text() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(previousErr);
        loggers.responderLevel(previousLevel);
    }

    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
