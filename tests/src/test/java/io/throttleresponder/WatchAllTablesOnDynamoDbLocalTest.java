package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.model.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;

/**
 * watchAllTables end to end on the sandbox: the policy names only sessions, so orders is an unnamed
 * table, read through ListTagsOfResource and changed only once it carries the opt-in tag.
 */
class WatchAllTablesOnDynamoDbLocalTest {

    private final SandboxFixture fixture = SandboxFixture.withPolicy(
            "{\"watchAllTables\": true, \"tables\": {\"sessions\": {}}}");

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void unnamedTableWithoutTheTag_isDiagnosedAndNotified_butNotChanged() {
        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("PLANNED");
        assertThat(response.get("reason").asText()).startsWith("not opted in");
        assertThat(response.get("message").get("subject").asText()).contains("orders: not opted in: would raise WCU 50 -> 150");
        assertThat(response.get("findings").toString()).contains("tag table orders throttle-responder:act=true");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(50);
    }

    @Test
    void unnamedTableWithTheTag_isRaisedWithTheDefaults() {
        tagOrders();

        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }

    @Test
    void accountWideContributorOfAnOptedInTable_isRaised_andRestoredAfterItsOk() {
        tagOrders();
        JsonNode raised = fixture.alarm("sns-contributor-read-throttle-orders-by-status.json");
        fixture.runFollowUps();
        fixture.followUps.discardQueued();
        long raisedTo = fixture.capacity("table/orders/index/by-status").read();

        fixture.handleBytes(fixture.stateChange("sns-contributor-read-throttle-orders-by-status.json", "OK", Duration.ofMinutes(12)));
        List<FollowUpResult> recovery = fixture.runFollowUps();

        assertThat(raised.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(raisedTo).isGreaterThan(fixture.capacity("table/orders/index/by-status").read());
        assertThat(recovery).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ACTED));
    }

    private void tagOrders() {
        fixture.sandbox.dynamoDb().tagResource(TagResourceRequest.builder()
                .resourceArn("arn:aws:dynamodb:us-east-1:123456789012:table/orders")
                .tags(Tag.builder().key("throttle-responder:act").value("true").build()).build());
    }
}
