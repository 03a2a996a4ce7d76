package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.infra.ThrottleResponderApp;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.model.Incident;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract for watchAllTables: each account-wide Metrics Insights alarm the stack creates, as
 * CloudWatch delivers one contributor's state change (SNS, EventBridge's "CloudWatch Alarm Contributor
 * State Change", a Lambda alarm action), is diagnosed as that contributor's table or index and the
 * metric the alarm's query sums. The notifications are the sample contributor events with the
 * synthesized alarm's name, query and period put in.
 */
class AccountWideAlarmContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFIG = Path.of("..", "infra", "src", "test", "resources", "watch-all-config.json");
    private static final Path EVENTS = Path.of("..", "events");
    private static final List<ObjectNode> ALARMS = synthesize();

    private final AlarmEventParser parser = AlarmEventParser.create();

    @Test
    void theStack_hasOneAccountWideAlarmPerThrottleSignal_overTablesAndOverIndexes() {
        assertThat(ALARMS).hasSize(10 + 10);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("alarmsAndDeliveries")
    void contributorNotification_isDiagnosedAsItsTableOrIndex_andTheSummedMetric(ObjectNode alarm, String delivery) {
        String name = alarm.get("AlarmName").asText();
        boolean byIndex = name.contains("-all-indexes-");
        String metric = name.substring(name.lastIndexOf('-') + 1);

        List<ParsedEvent> parsed = parser.parse(notification(alarm, delivery, byIndex));

        assertThat(parsed).singleElement().isInstanceOf(ParsedEvent.Alarm.class);
        AlarmNotification notification = ((ParsedEvent.Alarm) parsed.get(0)).notification();
        Diagnosis diagnosis = Diagnoser.diagnose(notification);
        assertThat(diagnosis).as("%s by %s", name, delivery).isInstanceOf(Diagnosis.Found.class);
        Incident incident = ((Diagnosis.Found) diagnosis).incident();
        assertThat(incident.resource().table()).isEqualTo("inventory");
        assertThat(incident.resource().index()).isEqualTo(byIndex ? "inventory-by-sku" : null);
        assertThat(incident.signal()).isEqualTo(metric);
        assertThat(incident.operation().name()).isEqualTo(metric.startsWith("Read") ? "READ" : "WRITE");
    }

    static Stream<Arguments> alarmsAndDeliveries() {
        return ALARMS.stream().flatMap(alarm -> Stream.of("SNS", "EventBridge", "alarm action")
                .map(delivery -> Arguments.of(Named.of(alarm.get("AlarmName").asText(), alarm), delivery)));
    }

    /** The sample contributor event of the delivery, made this alarm's, for a contributor of table inventory. */
    private static byte[] notification(ObjectNode alarm, String delivery, boolean byIndex) {
        JsonNode query = alarm.get("Metrics").get(0);
        ObjectNode attributes = JSON.createObjectNode().put("TableName", "inventory");
        if (byIndex) {
            attributes.put("GlobalSecondaryIndexName", "inventory-by-sku");
        }
        String alarmName = alarm.get("AlarmName").asText();
        String arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + alarmName;
        try {
            switch (delivery) {
                case "SNS" -> {
                    ObjectNode event = (ObjectNode) JSON.readTree(EVENTS.resolve("sns-contributor-read-throttle-orders-by-status.json").toFile());
                    ObjectNode sns = (ObjectNode) event.get("Records").get(0).get("Sns");
                    ObjectNode message = (ObjectNode) JSON.readTree(sns.get("Message").asText());
                    message.put("AlarmName", alarmName).put("AlarmArn", arn);
                    message.set("AlarmContributorAttributes", attributes);
                    ObjectNode metric = (ObjectNode) message.get("Trigger").get("Metrics").get(0);
                    metric.put("Expression", query.get("Expression").asText()).put("Period", query.get("Period").asInt());
                    sns.put("Subject", "ALARM: \"" + alarmName.substring(0, Math.min(alarmName.length(), 60)) + "\"");
                    sns.put("Message", message.toString());
                    return JSON.writeValueAsBytes(event);
                }
                case "EventBridge", "alarm action" -> {
                    boolean eventBridge = delivery.equals("EventBridge");
                    ObjectNode event = (ObjectNode) JSON.readTree(EVENTS.resolve(eventBridge
                            ? "eventbridge-contributor-write-throttle-orders.json"
                            : "alarm-action-contributor-write-throttle-sessions.json").toFile());
                    ObjectNode detail = (ObjectNode) event.get(eventBridge ? "detail" : "alarmData");
                    if (eventBridge) {
                        event.set("resources", JSON.createArrayNode().add(arn));
                    } else {
                        event.put("alarmArn", arn);
                    }
                    detail.put("alarmName", alarmName);
                    ((ObjectNode) detail.get("alarmContributor")).set("attributes", attributes);
                    ObjectNode metric = (ObjectNode) detail.get("configuration").get("metrics").get(0);
                    metric.put("expression", query.get("Expression").asText()).put("period", query.get("Period").asInt());
                    return JSON.writeValueAsBytes(event);
                }
                default -> throw new IllegalArgumentException(delivery);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ObjectNode> synthesize() {
        try {
            Path functionCode = Files.createTempDirectory("function-code");
            Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar, in the alarm contract test");
            List<ObjectNode> alarms = new ArrayList<>();
            ThrottleResponderApp.synthesize(CONFIG, functionCode).findResources("AWS::CloudWatch::Alarm").values()
                    .forEach(resource -> {
                        ObjectNode properties = (ObjectNode) JSON.valueToTree(resource.get("Properties"));
                        JsonNode metrics = properties.path("Metrics");
                        if (metrics.size() == 1 && metrics.get(0).path("Expression").asText().startsWith("SELECT")) {
                            alarms.add(properties);
                        }
                    });
            return alarms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
