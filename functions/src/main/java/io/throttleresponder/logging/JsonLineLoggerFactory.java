package io.throttleresponder.logging;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The loggers and their levels: the responder's own ({@code io.throttleresponder} and below) at
 * POWERTOOLS_LOG_LEVEL, else the {@code throttleresponder.logLevel} system property, else INFO; every
 * other library's at WARN.
 */
public final class JsonLineLoggerFactory implements ILoggerFactory {

    private static final String RESPONDER_LOGGERS = "io.throttleresponder";
    private static final Level OTHERS = Level.WARN;

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final JsonLine line;
    private volatile Level responderLevel;

    JsonLineLoggerFactory(JsonLine line, Level responderLevel) {
        this.line = line;
        this.responderLevel = responderLevel;
    }

    static Level responderLevelFromEnvironment() {
        String configured = System.getenv("POWERTOOLS_LOG_LEVEL");
        if (configured == null) {
            configured = System.getProperty("throttleresponder.logLevel", Level.INFO.name());
        }
        return levelNamed(configured);
    }

    /** A level by name, as Powertools Logging read POWERTOOLS_LOG_LEVEL: FATAL is ERROR, anything unknown INFO. */
    static Level levelNamed(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("FATAL")) {
            return Level.ERROR;
        }
        for (Level level : Level.values()) {
            if (level.name().equals(upper)) {
                return level;
            }
        }
        return Level.INFO;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLineLogger(n, this, isResponders(n), line));
    }

    boolean enabled(boolean responder, Level level) {
        return level.toInt() >= (responder ? responderLevel : OTHERS).toInt();
    }

    /** The responder's loggers' level now. */
    public Level responderLevel() {
        return responderLevel;
    }

    /** Sets the responder's loggers' level, for a capture that needs every line they write; the functions never change it. */
    public void responderLevel(Level level) {
        responderLevel = level;
    }

    private static boolean isResponders(String name) {
        return name.equals(RESPONDER_LOGGERS) || name.startsWith(RESPONDER_LOGGERS + ".");
    }
}
