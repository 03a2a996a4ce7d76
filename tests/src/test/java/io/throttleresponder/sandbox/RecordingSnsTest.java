package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** Publish on the in-memory topic: refuses what SNS refuses, records the rest. */
class RecordingSnsTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:notifications";

    private final RecordingSns sns = new RecordingSns(null, new Faults(Clock.systemUTC()));

    @Test
    void aPlainAndAJsonStructuredMessage_arePublished() {
        sns.publish(r -> r.topicArn(TOPIC).subject("[throttle-responder] DynamoDB hot partition on table/orders").message("text"));
        sns.publish(r -> r.targetArn(TOPIC).messageStructure("json")
                .message("{\"default\": \"text\", \"email\": \"mail\", \"https\": \"{\\\"version\\\":\\\"1.0\\\"}\"}"));

        assertThat(sns.published()).hasSize(2);
        assertThat(RecordingSns.emailText(sns.published().get(1))).isEqualTo("mail");
    }

    @Test
    void aJsonStructuredMessageWithoutDefault_isRefused() {
        assertRefused(r -> r.topicArn(TOPIC).messageStructure("json").message("{\"email\": \"mail\"}"),
                "Invalid parameter: Message Structure - No default entry in JSON message body");
        assertRefused(r -> r.topicArn(TOPIC).messageStructure("json").message("{\"default\": {\"text\": \"mail\"}}"),
                "Invalid parameter: Message Structure - No default entry in JSON message body");
    }

    @Test
    void aJsonStructuredMessageThatIsNotAJsonObject_isRefused() {
        for (String message : List.of("not json", "[\"default\"]", "\"default\"")) {
            assertRefused(r -> r.topicArn(TOPIC).messageStructure("json").message(message),
                    "Invalid parameter: Message Structure - JSON message body failed to parse");
        }
    }

    @Test
    void aMessageStructureOtherThanJson_isRefused() {
        assertRefused(r -> r.topicArn(TOPIC).messageStructure("xml").message("{\"default\": \"text\"}"),
                "Invalid parameter: MessageStructure");
    }

    @Test
    void aPublishWithoutTopicOrMessage_isRefused() {
        assertRefused(r -> r.message("text"), "TopicArn or TargetArn");
        assertRefused(r -> r.topicArn(TOPIC), "Message");
        assertRefused(r -> r.topicArn(TOPIC).message(""), "Empty message");
    }

    @Test
    void aMessageOver256KiBOfUtf8_isRefused_oneAtTheLimitIsPublished() {
        sns.publish(r -> r.topicArn(TOPIC).message("x".repeat(262_144)));

        assertRefused(r -> r.topicArn(TOPIC).message("x".repeat(262_143) + "é"), "Message too long");
        assertThat(sns.published()).hasSize(1);
    }

    @Test
    void aSubjectNotPrintableAsciiOrTooLong_isRefused() {
        for (String subject : List.of("line\nbreak", "tab\there", "caf\u00e9 ready", " leading space", "", "x".repeat(100))) {
            assertRefused(r -> r.topicArn(TOPIC).subject(subject).message("text"), "Invalid parameter: Subject");
        }
        sns.publish(r -> r.topicArn(TOPIC).subject("x".repeat(99)).message("text"));
        sns.publish(r -> r.topicArn(TOPIC).subject("\"quoted\" (and) 100%").message("text"));
        assertThat(sns.published()).hasSize(2);
    }

    private void assertRefused(Consumer<PublishRequest.Builder> request, String message) {
        assertThatThrownBy(() -> sns.publish(request)).isInstanceOf(InvalidParameterException.class).hasMessageContaining(message);
    }
}
