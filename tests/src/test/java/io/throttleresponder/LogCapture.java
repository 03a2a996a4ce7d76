package io.throttleresponder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything the responder logs while it is open, through the JSON layout production logs with (so
 * structured fields count), at DEBUG; and anything written to standard error directly.
 */
final class LogCapture implements AutoCloseable {

    private static final String LOGGER = "io.throttleresponder";

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final LoggerContext context;
    private final Appender capture;
    private final Level previousLevel;
    private final boolean addedLoggerConfig;
    private final PrintStream previousErr;

    private LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Appender json = configuration.getAppender("JsonAppender");
        Layout<?> layout = json != null ? json.getLayout() : PatternLayout.createDefaultLayout(configuration);
        capture = OutputStreamAppender.newBuilder().setName("log-capture").setTarget(logs).setLayout(layout).build();
        capture.start();
        configuration.addAppender(capture);
        LoggerConfig responder = configuration.getLoggerConfig(LOGGER);
        addedLoggerConfig = !responder.getName().equals(LOGGER);
        if (addedLoggerConfig) {
            responder = new LoggerConfig(LOGGER, Level.DEBUG, true);
            configuration.addLogger(LOGGER, responder);
        }
        previousLevel = responder.getLevel();
        // Tests run at WARN (throttleresponder.logLevel); every line the responder can write is needed here.
        responder.setLevel(Level.DEBUG);
        responder.addAppender(capture, Level.ALL, null);
        configuration.getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        previousErr = System.err;
        System.setErr(new PrintStream(new TeeStream(previousErr, stderr), true, StandardCharsets.UTF_8));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** The captured log lines, then what went to standard error directly. */
    String text() {
        return logs.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(previousErr);
        Configuration configuration = context.getConfiguration();
        if (addedLoggerConfig) {
            configuration.removeLogger(LOGGER);
        } else {
            LoggerConfig responder = configuration.getLoggerConfig(LOGGER);
            responder.removeAppender(capture.getName());
            responder.setLevel(previousLevel);
        }
        configuration.getRootLogger().removeAppender(capture.getName());
        context.updateLoggers();
        capture.stop();
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
