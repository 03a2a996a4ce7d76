package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.sandbox.Sandbox;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Follow-up messages the follow-up handler cannot read, on DynamoDB Local: each is dropped with its
 * reason, never thrown and never reported as a batch failure (SQS would redeliver it, and it would
 * fail the same way until the dead-letter queue), and nothing else happens.
 */
class FollowUpBadInputOnDynamoDbLocalTest {

    private static SandboxFixture fixture;

    @BeforeAll
    static void start() {
        fixture = SandboxFixture.withDefaultPolicy();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static final String VALID = "{\"due\":\"2026-11-21T03:20:42Z\",\"kind\":\"HOT_KEY_SUMMARY\","
            + "\"alarmName\":\"throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents\",\"table\":\"orders\",\"index\":null,"
            + "\"operation\":\"WRITE\",\"since\":\"2026-11-21T03:15:42Z\",\"remaining\":2}";

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("empty body", "", "not a JSON object"),
                Arguments.of("not JSON", "summarize orders please", "not JSON"),
                Arguments.of("JSON array", "[" + VALID + "]", "not a JSON object"),
                // Never closed: the depth limit stops the parser long before the end of the body.
                Arguments.of("nested far past any limit", "[".repeat(200_000), "nesting depth"),
                Arguments.of("object nested far past any limit", "{\"kind\":" + "{\"x\":".repeat(50_000) + "1"
                        + "}".repeat(50_001), "nesting depth"),
                // 1 MiB, SQS's largest message, of text that is not JSON.
                Arguments.of("huge body, not JSON", "x".repeat(1024 * 1024), "not JSON"),
                Arguments.of("huge body, truncated JSON", VALID.substring(0, 40) + "y".repeat(1024 * 1024), "not JSON"),
                Arguments.of("unknown kind", VALID.replace("HOT_KEY_SUMMARY", "DEFRAGMENT"), "bad value"),
                Arguments.of("kind a number", VALID.replace("\"HOT_KEY_SUMMARY\"", "7"), "lacks kind"),
                Arguments.of("missing table", VALID.replace("\"table\":\"orders\",", ""), "lacks table"),
                Arguments.of("unknown operation", VALID.replace("\"WRITE\"", "\"SIDEWAYS\""), "bad value"),
                Arguments.of("bad time", VALID.replace("2026-11-21T03:15:42Z", "yesterday"), "bad time"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadableFollowUp_isDroppedWithItsReason_notRetried_andNothingHappens(String name, String body, String reason) {
        Map<String, Sandbox.Capacity> capacities = fixture.sandbox.capacities();
        int published = fixture.sandbox.sns().published().size();
        int queued = fixture.sandbox.sqs().sent().size();

        FollowUpHandler.Batch batch = fixture.followUps.deliver(body);

        assertThat(batch.failedMessageIds()).as("batch failures (SQS would redeliver)").isEmpty();
        assertThat(batch.results()).as("follow-ups run").isEmpty();
        assertThat(batch.dropped()).singleElement().asString().contains("follow-up message", reason);
        assertThat(fixture.sandbox.capacities()).isEqualTo(capacities);
        assertThat(fixture.sandbox.sns().published()).hasSize(published);
        assertThat(fixture.sandbox.sqs().sent()).hasSize(queued);
    }
}
