package io.throttleresponder.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A named logger: drops the events below its threshold and writes each other as a {@link JsonLine}. */
final class JsonLineLogger extends LegacyAbstractLogger {

    private final transient JsonLineLoggerFactory levels;
    private final boolean responder;
    private final transient JsonLine line;

    JsonLineLogger(String name, JsonLineLoggerFactory levels, boolean responder, JsonLine line) {
        this.name = name;
        this.levels = levels;
        this.responder = responder;
        this.line = line;
    }

    @Override
    public boolean isTraceEnabled() {
        return levels.enabled(responder, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return levels.enabled(responder, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return levels.enabled(responder, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return levels.enabled(responder, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return levels.enabled(responder, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable error) {
        line.write(level, MessageFormatter.basicArrayFormat(pattern, arguments), arguments, error);
    }
}
