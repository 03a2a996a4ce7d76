package io.throttleresponder.respond;

import static io.throttleresponder.respond.Fixtures.BY_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseJsonTest {

    @Test
    void toJson_actedResponse_carriesIncidentActionsAndFindings() {
        Response response = new Response(Delivery.SNS, "throttle-responder-orders-by-status-ReadProvisionedThroughputThrottleEvents",
                AlarmState.ALARM, Outcome.ACTED, null, Fixtures.incident(BY_STATUS, Operation.READ, Cause.PROVISIONED),
                List.of(new Action(ActionType.UPDATE_PROVISIONED, BY_STATUS, Operation.READ, 50L, 150L, ActionStatus.APPLIED, "x3"),
                        new Action(ActionType.NOTIFY, BY_STATUS, null, null, null, ActionStatus.APPLIED, "sent")),
                List.of("a finding"));

        JsonNode json = ResponseJson.toJson(response);

        assertThat(json.path("delivery").asText()).isEqualTo("SNS");
        assertThat(json.path("state").asText()).isEqualTo("ALARM");
        assertThat(json.path("outcome").asText()).isEqualTo("ACTED");
        assertThat(json.path("reason").isNull()).isTrue();
        assertThat(json.path("incident").path("table").asText()).isEqualTo("orders");
        assertThat(json.path("incident").path("index").asText()).isEqualTo("by-status");
        assertThat(json.path("incident").path("operation").asText()).isEqualTo("READ");
        assertThat(json.path("incident").path("cause").asText()).isEqualTo("PROVISIONED");
        JsonNode scale = json.path("actions").get(0);
        assertThat(scale.path("type").asText()).isEqualTo("UPDATE_PROVISIONED");
        assertThat(scale.path("resource").asText()).isEqualTo("table/orders/index/by-status");
        assertThat(scale.path("from").asLong()).isEqualTo(50);
        assertThat(scale.path("to").asLong()).isEqualTo(150);
        assertThat(scale.path("status").asText()).isEqualTo("APPLIED");
        JsonNode notify = json.path("actions").get(1);
        assertThat(notify.path("dimension").isNull()).isTrue();
        assertThat(notify.path("from").isNull()).isTrue();
        assertThat(json.path("findings").get(0).asText()).isEqualTo("a finding");
    }

    @Test
    void toJson_rejectedResponse_hasNullIncidentAndEmptyLists() {
        JsonNode json = ResponseJson.toJson(Response.rejected(null, "empty event"));

        assertThat(json.path("delivery").isNull()).isTrue();
        assertThat(json.path("alarm").isNull()).isTrue();
        assertThat(json.path("state").isNull()).isTrue();
        assertThat(json.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(json.path("reason").asText()).isEqualTo("empty event");
        assertThat(json.path("incident").isNull()).isTrue();
        assertThat(json.path("actions")).isEmpty();
        assertThat(json.path("findings")).isEmpty();
    }
}
