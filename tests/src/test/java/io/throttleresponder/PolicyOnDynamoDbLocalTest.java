package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guard rails checked on DynamoDB Local's state, not on a mock's counters. */
class PolicyOnDynamoDbLocalTest {

    @Test
    void dryRun_plansButWritesNothingToTheTables() {
        try (SandboxFixture fixture = SandboxFixture.withPolicy(
                "{\"dryRun\": true, \"tables\": {\"orders\": {}, \"sessions\": {}, \"inventory\": {}}}")) {
            Map<String, Sandbox.Capacity> before = fixture.sandbox.capacities();

            JsonNode response = fixture.only("sns-write-provisioned-orders.json");

            assertThat(response.get("outcome").asText()).isEqualTo("PLANNED");
            assertThat(HandlerOnDynamoDbLocalTest.action(response, "UPDATE_PROVISIONED").get("status").asText()).isEqualTo("PLANNED");
            assertThat(fixture.sandbox.capacities()).isEqualTo(before);
            assertThat(fixture.sandbox.dynamoDb().describeContributorInsights(r -> r.tableName("orders"))
                    .contributorInsightsStatusAsString()).isEqualTo("DISABLED");
            assertThat(fixture.sandbox.sqs().sent()).isEmpty();
        }
    }

    @Test
    void killSwitch_skipsEveryChange() {
        try (SandboxFixture fixture = SandboxFixture.withPolicy(
                "{\"killSwitch\": true, \"tables\": {\"orders\": {}}}")) {
            Map<String, Sandbox.Capacity> before = fixture.sandbox.capacities();

            JsonNode response = fixture.only("sns-write-provisioned-orders.json");

            assertThat(response.get("outcome").asText()).isEqualTo("PLANNED");
            assertThat(response.get("reason").asText()).isEqualTo("kill switch is on");
            assertThat(fixture.sandbox.capacities()).isEqualTo(before);
        }
    }

    @Test
    void tableNotInPolicy_isIgnored_andNothingChanges() {
        try (SandboxFixture fixture = SandboxFixture.withPolicy("{\"tables\": {\"sessions\": {}}}")) {
            Map<String, Sandbox.Capacity> before = fixture.sandbox.capacities();

            JsonNode response = fixture.only("sns-write-provisioned-orders.json");

            assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
            assertThat(response.get("reason").asText()).isEqualTo("table orders is not watched by the policy");
            assertThat(fixture.sandbox.capacities()).isEqualTo(before);
        }
    }

    @Test
    void watchedTableThatDoesNotExist_isIgnoredWithReason() throws Exception {
        try (SandboxFixture fixture = SandboxFixture.withPolicy("{\"tables\": {\"ghost\": {}}}")) {
            String event = java.nio.file.Files.readString(SandboxFixture.EVENTS.resolve("sns-write-provisioned-orders.json"))
                    .replace("\\\"orders\\\"", "\\\"ghost\\\"");

            JsonNode response = fixture.handleBytes(event.getBytes(StandardCharsets.UTF_8)).get(0);

            assertThat(response.get("outcome").asText()).isEqualTo("IGNORED");
            assertThat(response.get("reason").asText()).isEqualTo("table ghost does not exist");
        }
    }

    @Test
    void policyCap_limitsTheScaleUp() {
        try (SandboxFixture fixture = SandboxFixture.withPolicy(
                "{\"tables\": {\"orders\": {\"maxWriteCapacityUnits\": 120}}}")) {
            JsonNode response = fixture.only("sns-write-provisioned-orders.json");

            assertThat(HandlerOnDynamoDbLocalTest.action(response, "UPDATE_PROVISIONED").get("to").asLong()).isEqualTo(120);
            assertThat(fixture.capacity("table/orders").write()).isEqualTo(120);
        }
    }
}
