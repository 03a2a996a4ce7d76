package io.throttleresponder.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J binding, found through META-INF/services: one JSON line per event on standard
 * error ({@link JsonLine}). It replaces Log4j 2 with Powertools Logging's layout, which cost the plain
 * cold start a few hundred milliseconds and each function jar about 3 MB (docs/performance.md).
 */
public final class JsonLineServiceProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdc;

    @Override
    public void initialize() {
        ThreadMdc threadMdc = new ThreadMdc();
        mdc = threadMdc;
        markerFactory = new BasicMarkerFactory();
        loggerFactory = new JsonLineLoggerFactory(new JsonLine(threadMdc), JsonLineLoggerFactory.responderLevelFromEnvironment());
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
