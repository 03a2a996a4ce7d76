package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.contract.KeyMasking;
import io.throttleresponder.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterEach
    void restoreLogs() {
        logs.close();
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
        String logged = logs.text();

        // The capture works: both handlers' lines are in it, so the absence of keys below means something.
        assertThat(logged).contains("alarm handled", "follow-up handled", "throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents");
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
}
