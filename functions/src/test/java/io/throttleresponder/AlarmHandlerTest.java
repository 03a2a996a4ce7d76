package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.RecoveryScheduler;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.wiring.ResponseMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler's own duties: bounded reading, rejection without throwing, one response per notification. */
class AlarmHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bad input never reaches the edges: every port fails the test if it is called. */
    private final AlarmHandler handler = new AlarmHandler(Responder.builder()
            .policy(new Policy(false, false, TableSettings.DEFAULTS, Map.of("orders", TableSettings.DEFAULTS)))
            .tables(unused(TableStateReader.class))
            .metrics(unused(MetricsReader.class))
            .actuator(unused(Actuator.class))
            .ledger(unused(Ledger.class))
            .notifier(unused(Notifier.class))
            .recoveries(unused(RecoveryScheduler.class))
            .ownAccount(new OwnAccount("123456789012", "us-east-1"))
            .build(), ResponseMetrics.writingLinesTo(this::recordMetricLine));
    private final List<JsonNode> metricLines = new ArrayList<>();

    private void recordMetricLine(String line) {
        try {
            metricLines.add(JSON.readTree(line));
        } catch (java.io.IOException e) {
            throw new AssertionError("metric line is not JSON: " + line, e);
        }
    }

    private static <T> T unused(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new AssertionError(port.getSimpleName() + "." + method.getName() + " called for input that should not reach it");
        }));
    }

    private JsonNode handle(byte[] event) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        return JSON.readTree(output.toByteArray());
    }

    @Test
    void handleRequest_notJson_returnsOneRejectedResponse() throws Exception {
        JsonNode responses = handle("{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(responses).hasSize(1);
        assertThat(responses.get(0).get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(responses.get(0).get("reason").asText()).startsWith("event is not JSON");
    }

    @Test
    void handleRequest_writesOneMetricLinePerNotification_countingItsOutcome() throws Exception {
        handle("{not json".getBytes(StandardCharsets.UTF_8));
        handle(Files.readAllBytes(Path.of("..", "events", "sns-non-dynamodb.json")));

        assertThat(metricLines).hasSize(2);
        assertThat(metricLines.get(0).get("NotificationsRejected").asDouble()).isEqualTo(1);
        assertThat(metricLines.get(1).get("NotificationsIgnored").asDouble()).isEqualTo(1);
        assertThat(metricLines).allSatisfy(line -> assertThat(line.get("TableName").asText()).isEqualTo("-"));
    }

    @Test
    void handleRequest_oversizedEvent_isRejectedWithoutReadingItAll() throws Exception {
        byte[] huge = new byte[AlarmEventParser.MAX_EVENT_BYTES * 4];
        Arrays.fill(huge, (byte) ' ');
        CountingStream input = new CountingStream(huge);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        handler.handleRequest(input, output, null);

        JsonNode response = JSON.readTree(output.toByteArray()).get(0);
        assertThat(response.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(response.get("reason").asText()).contains("exceeds");
        assertThat(input.read).isEqualTo(AlarmEventParser.MAX_EVENT_BYTES + 1);
    }

    @Test
    void handleRequest_nonDynamoDbAlarm_isIgnoredWithoutTouchingAws() throws Exception {
        byte[] event = Files.readAllBytes(Path.of("..", "events", "sns-non-dynamodb.json"));

        JsonNode response = handle(event).get(0);

        assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(response.get("reason").asText()).contains("AWS/EC2");
    }

    private static final class CountingStream extends InputStream {
        private final byte[] data;
        private int read;

        CountingStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return read < data.length ? data[read++] : -1;
        }
    }
}
