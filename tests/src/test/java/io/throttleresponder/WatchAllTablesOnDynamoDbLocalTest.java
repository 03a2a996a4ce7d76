package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
        fixture.sandbox.dynamoDb().tagResource(TagResourceRequest.builder()
                .resourceArn("arn:aws:dynamodb:us-east-1:123456789012:table/orders")
                .tags(Tag.builder().key("throttle-responder:act").value("true").build()).build());

        JsonNode response = fixture.only("sns-write-provisioned-orders.json");

        assertThat(response.get("outcome").asText()).isEqualTo("ACTED");
        assertThat(fixture.capacity("table/orders").write()).isEqualTo(150);
    }
}
