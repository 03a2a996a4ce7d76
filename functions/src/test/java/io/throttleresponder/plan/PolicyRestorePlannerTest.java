package io.throttleresponder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Decreases;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.model.TableState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyRestorePlannerTest {

    private static final ResourceId INVENTORY = ResourceId.table("inventory");
    private static final Instant AT = Instant.parse("2026-11-20T14:01:00Z");
    private static final ScalingPolicy BEFORE = policy(70, 300);
    private static final ScalingPolicy SET = policy(50, 60);
    private static final PolicyChange CHANGE = new PolicyChange(INVENTORY, Operation.WRITE, BEFORE, SET, AT);

    private static ScalingPolicy policy(double target, Integer scaleOutCooldown) {
        return new ScalingPolicy("inventory-writes", ScalingPolicy.TARGET_TRACKING, new ScalingPolicy.TargetTracking(target,
                "DynamoDBWriteCapacityUtilization", null, null, scaleOutCooldown, 600, false));
    }

    private static TableState withPolicies(ScalingPolicy... policies) {
        ResourceState table = new ResourceState(INVENTORY, "ACTIVE", 200, 300, ResourceState.NO_ON_DEMAND_MAXIMUM,
                ResourceState.NO_ON_DEMAND_MAXIMUM, Decreases.NONE,
                Map.of(Operation.WRITE, new ScalableTarget(100, 1000, false, List.of(policies))), "DISABLED");
        return new TableState(BillingMode.PROVISIONED, table, Map.of(), TableState.DEFAULT_TABLE_QUOTA,
                TableState.DEFAULT_TABLE_QUOTA);
    }

    private static IncidentRecord record() {
        return new IncidentRecord(INVENTORY, AT, AT, AT.plusSeconds(900), Set.of("alarm"), Set.of("signal"), List.of(),
                false, null, List.of(CHANGE));
    }

    @Test
    void stillAsTheResponderSetIt_goesBackExactlyAsBefore() {
        List<PolicyRestorePlanner.Restore> restores = PolicyRestorePlanner.plan(record(), withPolicies(SET));

        assertThat(restores).singleElement().satisfies(r -> {
            assertThat(r.change()).isEqualTo(CHANGE);
            assertThat(r.action().type()).isEqualTo(ActionType.RESTORE_SCALING_POLICY);
            assertThat(r.action().status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(r.action().reason()).isEqualTo("policy inventory-writes back to TargetValue 70, ScaleOutCooldown 300 s,"
                    + " as before the incident");
            assertThat(r.leftAsIs()).isFalse();
        });
    }

    @Test
    void changedByAPersonSince_isLeftAsTheySetIt() {
        List<PolicyRestorePlanner.Restore> restores = PolicyRestorePlanner.plan(record(), withPolicies(policy(60, 60)));

        assertThat(restores).singleElement().satisfies(r -> {
            assertThat(r.action().status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(r.action().reason()).isEqualTo("left as is: policy inventory-writes changed since the responder set"
                    + " TargetValue 50, ScaleOutCooldown 60 s (now TargetValue 60, ScaleOutCooldown 60 s)");
            assertThat(r.leftAsIs()).isTrue();
        });
    }

    @Test
    void onlyAnotherSettingChanged_isAPersonsChangeToo() {
        ScalingPolicy scaleInOff = SET.with(new ScalingPolicy.TargetTracking(50, "DynamoDBWriteCapacityUtilization", null, null,
                60, 600, true));

        assertThat(PolicyRestorePlanner.plan(record(), withPolicies(scaleInOff)).get(0).leftAsIs()).isTrue();
    }

    @Test
    void policyDeleted_orTargetDeregistered_isLeft() {
        assertThat(PolicyRestorePlanner.plan(record(), withPolicies()).get(0).action().reason())
                .isEqualTo("left as is: policy inventory-writes no longer exists");
        TableState noTarget = new TableState(BillingMode.PROVISIONED, new ResourceState(INVENTORY, "ACTIVE", 200, 300,
                -1, -1, Decreases.NONE, Map.of(), "DISABLED"), Map.of(), 40_000, 40_000);
        assertThat(PolicyRestorePlanner.plan(record(), noTarget).get(0).leftAsIs()).isTrue();
    }
}
