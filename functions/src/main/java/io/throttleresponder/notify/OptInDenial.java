package io.throttleresponder.notify;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.policy.Policy;
import java.util.List;

/**
 * A change to an opted-in (unnamed) table that IAM refused. The stack allows UpdateTable and UpdateContributorInsights
 * on such a table only with its opt-in tag (aws:ResourceTag), and DynamoDB evaluates tag conditions as if the table had
 * no tags where attribute-based access control is not enabled for the account: the message says so, since the missing
 * permission alone would send a person looking at the role.
 */
public final class OptInDenial {

    static final String ABAC_HINT = "; the table carries the opt-in tag, and IAM allows this on an unnamed table only by"
            + " that tag: enable DynamoDB attribute-based access control (ABAC) for this account and Region, without which"
            + " tag conditions are evaluated as if the table had no tags"
            + " (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/attribute-based-access-control.html)";

    private OptInDenial() {
    }

    /** The actions, each that IAM refused on an unnamed table with the reason why ABAC is the likely cause. */
    public static List<Action> explain(List<Action> actions, Policy policy, String table) {
        if (policy.optInRequiredFor(table).isEmpty()) {
            return List.copyOf(actions);
        }
        return actions.stream()
                .map(action -> action.status() == ActionStatus.FAILED && action.reason() != null
                        && action.reason().contains("missing permission dynamodb:")
                        ? action.with(ActionStatus.FAILED, action.reason() + ABAC_HINT) : action)
                .toList();
    }
}
