package io.throttleresponder.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptInDenialTest {

    private static final Policy WATCH_ALL_BESIDE_ORDERS =
            PolicyParser.parse("{\"watchAllTables\": true, \"tables\": {\"orders\": {}}}", "test policy");

    private static Action failed(String table, String reason) {
        return new Action(ActionType.UPDATE_PROVISIONED, ResourceId.table(table), Operation.WRITE, 50L, 150L,
                ActionStatus.FAILED, reason);
    }

    @Test
    void aRefusedChangeToAnUnnamedTable_saysAbacMustBeEnabled() {
        Action refused = failed("payments", "raise WCU; failed: UpdateTable payments: missing permission dynamodb:UpdateTable"
                + " (AccessDeniedException)");

        assertThat(OptInDenial.explain(List.of(refused), WATCH_ALL_BESIDE_ORDERS, "payments"))
                .singleElement().satisfies(action -> assertThat(action.reason())
                        .startsWith(refused.reason())
                        .contains("enable DynamoDB attribute-based access control (ABAC)",
                                "evaluated as if the table had no tags", "attribute-based-access-control.html"));
    }

    @Test
    void aNamedTable_orAnotherFailure_orASuccess_isLeftAsItIs() {
        Action namedRefused = failed("orders", "failed: UpdateTable orders: missing permission dynamodb:UpdateTable (AccessDeniedException)");
        Action otherFailure = failed("payments", "failed: UpdateTable payments: a DynamoDB limit is exceeded");
        Action applied = failed("payments", "raise WCU").with(ActionStatus.APPLIED, "raise WCU");

        assertThat(OptInDenial.explain(List.of(namedRefused), WATCH_ALL_BESIDE_ORDERS, "orders")).containsExactly(namedRefused);
        assertThat(OptInDenial.explain(List.of(otherFailure, applied), WATCH_ALL_BESIDE_ORDERS, "payments"))
                .containsExactly(otherFailure, applied);
    }
}
