package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.summary.KeyMasking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * With masking on, the hot keys Contributor Insights reports (which can be personal data) reach
 * neither the responder's logs nor the messages it publishes; only their masked labels do. The logs
 * are captured through the responder's own JSON layout at DEBUG, so structured fields count too.
 */
class LogMaskingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGGER = "io.throttleresponder";

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private LoggerContext context;
    private Appender capture;
    private Level previousLevel;
    private boolean addedLoggerConfig;
    private PrintStream previousErr;

    @BeforeEach
    void captureLogs() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        // The JSON layout production logs with, so the capture holds the structured entries as written.
        Appender json = configuration.getAppender("JsonAppender");
        Layout<?> layout = json != null ? json.getLayout() : PatternLayout.createDefaultLayout(configuration);
        capture = OutputStreamAppender.newBuilder().setName("log-masking-capture").setTarget(logs).setLayout(layout).build();
        capture.start();
        configuration.addAppender(capture);
        LoggerConfig responder = configuration.getLoggerConfig(LOGGER);
        if (!responder.getName().equals(LOGGER)) {
            responder = new LoggerConfig(LOGGER, Level.DEBUG, true);
            configuration.addLogger(LOGGER, responder);
            addedLoggerConfig = true;
        }
        previousLevel = responder.getLevel();
        // Tests run at WARN (throttleresponder.logLevel); every line the responder can write is needed here.
        responder.setLevel(Level.DEBUG);
        responder.addAppender(capture, Level.ALL, null);
        configuration.getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        // Anything written to standard error directly, bypassing log4j, is caught too.
        previousErr = System.err;
        System.setErr(new PrintStream(new TeeStream(previousErr, stderr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogs() {
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

    @Test
    void maskingOn_hotKeysOfTheSummary_reachNeitherLogsNorMessages_onlyTheirLabelsDo() throws IOException {
        Set<String> rawKeys = recordedKeys("orders.PKT.json", "orders.SKT.json");
        assertThat(rawKeys).contains("customer#1042");
        List<String> published = new ArrayList<>();
        try (SandboxFixture fixture = SandboxFixture.withPolicy("{\"defaults\": {\"maskKeys\": true}, \"tables\": {\"orders\": {}}}")) {
            fixture.alarm("sns-write-key-range-orders.json");
            assertThat(fixture.runFollowUps()).as("follow-ups run").isNotEmpty();
            for (PublishRequest request : fixture.sandbox.sns().published()) {
                published.add(request.subject() + "\n" + request.message() + "\n" + request.messageAttributes());
            }
            fixture.sandbox.dynamoDb().scanPaginator(r -> r.tableName(Sandbox.LEDGER_TABLE)).items()
                    .forEach(item -> published.add("ledger: " + item));
        }
        String logged = logs.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);

        // The capture works: both handlers' lines are in it, so the absence of keys below means something.
        assertThat(logged).contains("alarm handled", "follow-up handled", "ddb-orders-WriteKeyRangeThroughputThrottleEvents");
        for (String key : rawKeys) {
            assertThat(logged).as("logs").doesNotContain(key);
            assertThat(published).as("published messages and ledger items").noneMatch(text -> text.contains(key));
        }
        assertThat(published).as("the summary shows the masked label")
                .anyMatch(text -> text.contains(KeyMasking.mask("customer#1042")));
    }

    /** Every key value the recorded Contributor Insights reports hold. */
    private static Set<String> recordedKeys(String... files) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (String file : files) {
            JsonNode report = JSON.readTree(Files.readAllBytes(Path.of("..", "events", "insights", file)));
            for (JsonNode contributor : report.get("Contributors")) {
                contributor.get("Keys").forEach(k -> keys.add(k.asText()));
            }
        }
        return keys;
    }

    /** Writes to both streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
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

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
