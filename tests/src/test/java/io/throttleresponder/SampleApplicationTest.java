package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.sample.SampleApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * The sample application with the client sensor, throttled for real by a table of 1 WCU on DynamoDB
 * Local behind the sandbox's throttling endpoint; then its lines replayed as the Logs Insights answer
 * of the responder's first incident message.
 */
class SampleApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LINES = Collections.synchronizedList(new ArrayList<>());
    private static SampleApplication.Outcome outcome;

    @BeforeAll
    static void runTheApplication() throws Exception {
        outcome = SampleApplication.run(Duration.ofSeconds(3), LINES::add);
    }

    private static List<JsonNode> lines(String kind) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : List.copyOf(LINES)) {
            JsonNode node = JSON.readTree(line);
            if (kind.equals("emf") ? node.has("_aws") : kind.equals(node.path("throttleSensor").asText())) {
                parsed.add(node);
            }
        }
        return parsed;
    }

    /** The keys of the key lines, by count. */
    private static Map<String, Integer> keyCounts() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode line : lines("throttled")) {
            counts.merge(line.get("partitionKey").asText(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void theTableOfOneWcu_throttlesTheApplication_withTheReasonDynamoDbGives() throws Exception {
        assertThat(outcome.throttled()).isPositive().isLessThan(outcome.calls());
        assertThat(lines("throttled")).hasSize(outcome.throttled()).allSatisfy(line -> {
            assertThat(line.get("operation").asText()).isEqualTo("PutItem");
            assertThat(line.get("table").asText()).isEqualTo(SampleApplication.TABLE);
            assertThat(line.get("reason").asText()).isEqualTo("TableWriteProvisionedThroughputExceeded");
            assertThat(line.get("partitionKey").asText()).startsWith("customer#");
            assertThat(line.get("sortKey").asText()).startsWith("order#");
            assertThat(line.has("total")).isFalse();
        });
    }

    @Test
    void theMetricLines_areOneSecondEmf_countingEveryThrottledCall() throws Exception {
        List<JsonNode> emf = lines("emf");

        assertThat(emf).isNotEmpty().allSatisfy(line -> {
            JsonNode metrics = line.get("_aws").get("CloudWatchMetrics").get(0);
            assertThat(metrics.get("Namespace").asText()).isEqualTo("ThrottleSensor");
            assertThat(metrics.get("Metrics").get(0).get("StorageResolution").asInt()).isEqualTo(1);
            assertThat(line.get("Reason").asText()).isEqualTo("TableWriteProvisionedThroughputExceeded");
        });
        assertThat(emf.stream().mapToInt(line -> line.get("ThrottledRequests").asInt()).sum()).isEqualTo(outcome.throttled());
    }

    @Test
    void theFirstIncidentMessage_namesTheKeysTheApplicationLogged() throws Exception {
        Map<String, Integer> counts = keyCounts();
        // Ranked as the responder ranks them: most calls first, ties by key.
        String top = counts.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue())
                .findFirst().orElseThrow().getKey();

        try (SandboxFixture fixture = SandboxFixture.withApplicationLines(List.copyOf(LINES))) {
            JsonNode response = fixture.only("sns-sensor-write-provisioned-orders.json");

            assertThat(response.get("outcome").asText()).isEqualTo("ACTED");
            assertThat(fixture.sandbox.logs().started()).singleElement()
                    .satisfies(start -> assertThat(start.queryString()).contains("table = \"orders\""));
            String message = JSON.readTree(fixture.sandbox.sns().published().get(0).message()).get("email").asText();
            assertThat(message).contains("Hot keys from the applications' throttled calls (client sensor, Logs Insights,"
                    + " last 5 min), " + outcome.throttled() + " throttled calls:\n  - " + top + ": " + counts.get(top) + " (");
        }
    }

    @Test
    void theHotKeySummary_showsContributorInsightsAndTheApplicationsKeys() throws Exception {
        try (SandboxFixture fixture = SandboxFixture.withApplicationLines(List.copyOf(LINES))) {
            fixture.alarm("sns-sensor-write-key-range-orders.json");

            fixture.runFollowUps();

            List<PublishRequest> published = fixture.sandbox.sns().published();
            String summary = JSON.readTree(published.get(published.size() - 1).message()).get("email").asText();
            assertThat(summary).contains("Hot keys on table/orders", "Hot keys from the applications' throttled calls",
                    outcome.throttled() + " throttled calls:");
            assertThat(fixture.sandbox.logs().started()).hasSize(2);
        }
    }
}
