package io.throttleresponder.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.CloudWatchMetricAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the sample files have the shapes AWS delivers, by deserializing them with the Lambda
 * runtime's own event classes (aws-lambda-java-tests), and that the parser agrees with them.
 */
class SampleEventShapesTest {

    static List<String> snsFiles() {
        return EventFiles.alarmEventsStartingWith("sns-");
    }

    static List<String> eventBridgeFiles() {
        return EventFiles.alarmEventsStartingWith("eventbridge-");
    }

    static List<String> alarmActionFiles() {
        return EventFiles.alarmEventsStartingWith("alarm-action-");
    }

    @Test
    void sampleFiles_areAllSnsEventBridgeOrAlarmActionFiles() {
        assertThat(snsFiles().size() + eventBridgeFiles().size() + alarmActionFiles().size())
                .isEqualTo(EventFiles.alarmEvents().size());
        assertThat(snsFiles()).isNotEmpty();
        assertThat(eventBridgeFiles()).isNotEmpty();
        assertThat(alarmActionFiles()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("snsFiles")
    void snsFile_deserializesAsSnsEventWhoseMessageIsTheParsedAlarm(String file) throws Exception {
        SNSEvent event = EventLoader.loadSNSEvent(EventFiles.path(file));

        assertThat(event.getRecords()).hasSize(1);
        SNSEvent.SNSRecord record = event.getRecords().get(0);
        assertThat(record.getEventSource()).isEqualTo("aws:sns");
        assertThat(record.getSNS().getTopicArn()).isEqualTo("arn:aws:sns:us-east-1:123456789012:throttle-responder-alarms");
        JsonNode message = new ObjectMapper().readTree(record.getSNS().getMessage());
        AlarmNotification parsed = EventFiles.notification(file);
        assertThat(message.get("AlarmName").asText()).isEqualTo(parsed.alarmName());
        assertThat(message.get("NewStateValue").asText()).isEqualTo(parsed.state().name());
        assertThat(parsed.delivery()).isEqualTo(Delivery.SNS);
    }

    @ParameterizedTest
    @Event(value = "../events/sns-write-provisioned-orders.json", type = SNSEvent.class)
    void snsFile_loadedWithEventAnnotation_hasAlarmSubject(SNSEvent event) {
        assertThat(event.getRecords().get(0).getSNS().getSubject())
                // SNS takes subjects under 100 characters: this one is cut at 99.
                .isEqualTo("ALARM: \"throttle-responder-orders-WriteProvisionedThroughputThrottleEvents\" in US East (N. Virginia");
    }

    @ParameterizedTest
    @MethodSource("eventBridgeFiles")
    void eventBridgeFile_deserializesAsCloudWatchAlarmStateChange(String file) {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EventFiles.path(file));

        assertThat(event.getSource()).isEqualTo("aws.cloudwatch");
        assertThat(event.getDetailType()).isIn("CloudWatch Alarm State Change", "CloudWatch Alarm Contributor State Change");
        assertThat(event.getDetail()).containsEntry("alarmName", EventFiles.notification(file).alarmName());
        assertThat(event.getResources()).containsExactly(EventFiles.notification(file).alarmArn());
    }

    @ParameterizedTest
    @MethodSource("alarmActionFiles")
    void alarmActionFile_deserializesAsCloudWatchMetricAlarmEvent(String file) {
        CloudWatchMetricAlarmEvent event = EventLoader.loadCloudWatchMetricAlarmEvent(EventFiles.path(file));
        AlarmNotification parsed = EventFiles.notification(file);

        assertThat(event.getSource()).isEqualTo("aws.cloudwatch");
        assertThat(event.getAlarmArn()).isEqualTo(parsed.alarmArn());
        assertThat(event.getAlarmData().getAlarmName()).isEqualTo(parsed.alarmName());
        assertThat(event.getAlarmData().getState().getValue()).isEqualTo(parsed.state().name());
        assertThat(parsed.delivery()).isEqualTo(Delivery.ALARM_ACTION);
    }
}
