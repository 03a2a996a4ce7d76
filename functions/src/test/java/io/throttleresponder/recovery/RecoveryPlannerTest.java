package io.throttleresponder.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.throttleresponder.respond.Action;
import io.throttleresponder.respond.ActionStatus;
import io.throttleresponder.respond.ActionType;
import io.throttleresponder.respond.BillingMode;
import io.throttleresponder.respond.CapacityChange;
import io.throttleresponder.respond.IncidentRecord;
import io.throttleresponder.respond.Operation;
import io.throttleresponder.respond.Plan;
import io.throttleresponder.respond.ResourceId;
import io.throttleresponder.respond.ResourceState;
import io.throttleresponder.respond.ScalableTarget;
import io.throttleresponder.respond.TableState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final ResourceId ORDERS = ResourceId.table("orders");
    private static final ResourceId BY_STATUS = new ResourceId("orders", "by-status");

    private static ResourceState provisioned(ResourceId id, long read, long write, int decreasesToday,
                                             Map<Operation, ScalableTarget> targets, String insights) {
        return new ResourceState(id, "ACTIVE", read, write, -1, -1, decreasesToday, targets, insights);
    }

    private static TableState table(ResourceState table, ResourceState... indexes) {
        Map<String, ResourceState> byName = new HashMap<>();
        for (ResourceState index : indexes) {
            byName.put(index.id().index(), index);
        }
        return new TableState(table.maxOnDemandReadRequestUnits() == -1 && table.readCapacityUnits() == 0
                ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED, table, byName, 40_000, 40_000);
    }

    private static IncidentRecord incident(ResourceId resource, boolean insights, CapacityChange... changes) {
        return new IncidentRecord(resource, NOW.minusSeconds(3600), NOW.minusSeconds(2400), NOW.minusSeconds(1800),
                Set.of("alarm"), Set.of("WriteProvisionedThroughputThrottleEvents"), List.of(changes), insights);
    }

    private static CapacityChange change(ResourceId resource, Operation dimension, ActionType type, long before, long after) {
        return new CapacityChange(resource, dimension, type, before, null, after, NOW.minusSeconds(2400));
    }

    private static Action action(Plan plan, ActionType type, Operation dimension) {
        return plan.actions().stream().filter(a -> a.type() == type && a.dimension() == dimension).findFirst().orElseThrow();
    }

    @Test
    void plan_whenTheResponderRaisedWrites_restoresThePreIncidentValue() {
        TableState state = table(provisioned(ORDERS, 100, 150, 0, Map.of(), "ENABLED"));

        Plan plan = RecoveryPlanner.plan(incident(ORDERS, true,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state, NOW).plan();

        assertThat(plan.actions()).extracting(Action::type, Action::dimension, Action::from, Action::to, Action::status)
                .containsExactly(
                        tuple(ActionType.RESTORE_PROVISIONED, Operation.WRITE, 150L, 50L, ActionStatus.PLANNED),
                        tuple(ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, null, null, null, ActionStatus.PLANNED),
                        tuple(ActionType.NOTIFY, null, null, null, ActionStatus.PLANNED));
    }

    @Test
    void plan_whenSomeoneChangedCapacitySince_leavesItAsItIs() {
        TableState state = table(provisioned(ORDERS, 100, 400, 0, Map.of(), "DISABLED"));

        Plan plan = RecoveryPlanner.plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state, NOW).plan();

        Action restore = action(plan, ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).isEqualTo("left as is: changed since the responder set 150 (now 400)");
    }

    @Test
    void plan_whenAlreadyAtOrBelowThePreIncidentValue_neverGoesLower() {
        TableState state = table(provisioned(ORDERS, 100, 40, 0, Map.of(), "DISABLED"));

        Plan plan = RecoveryPlanner.plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state, NOW).plan();

        Action restore = action(plan, ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).startsWith("left as is: already at or below the pre-incident 50");
    }

    @Test
    void plan_whenTheDecreaseBudgetIsSpent_holdsTheRestoreBackAndSaysWhen() {
        // 10:00 UTC allows 14 decreases; 14 were made.
        TableState state = table(provisioned(ORDERS, 100, 150, 14, Map.of(), "DISABLED"));

        Plan plan = RecoveryPlanner.plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state, NOW).plan();

        Action restore = action(plan, ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).startsWith("left as is for now: decrease budget spent (14 today)")
                .endsWith("2026-11-21T11:00:00Z");
    }

    @Test
    void plan_bothDimensionsOfOneResource_spendOneDecrease() {
        // One decrease left: one UpdateTable restores both dimensions.
        TableState state = table(provisioned(ORDERS, 300, 150, 13, Map.of(), "DISABLED"));

        Plan plan = RecoveryPlanner.plan(incident(ORDERS, false,
                change(ORDERS, Operation.READ, ActionType.UPDATE_PROVISIONED, 100, 300),
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state, NOW).plan();

        assertThat(plan.actions()).filteredOn(a -> a.type() == ActionType.RESTORE_PROVISIONED)
                .extracting(Action::status).containsOnly(ActionStatus.PLANNED);
    }

    @Test
    void plan_indexBudget_isCountedApartFromTheTable() {
        ResourceState tableSpent = provisioned(ORDERS, 100, 50, 14, Map.of(), "DISABLED");
        ResourceState index = provisioned(BY_STATUS, 150, 25, 0, Map.of(), "DISABLED");

        Plan plan = RecoveryPlanner.plan(incident(BY_STATUS, false,
                change(BY_STATUS, Operation.READ, ActionType.UPDATE_PROVISIONED, 50, 150)), table(tableSpent, index), NOW).plan();

        assertThat(action(plan, ActionType.RESTORE_PROVISIONED, Operation.READ).status()).isEqualTo(ActionStatus.PLANNED);
    }

    @Test
    void plan_autoScaledDimension_restoresMinCapacity_notTheTable() {
        ResourceState inventory = provisioned(ResourceId.table("inventory"), 200, 300, 0,
                Map.of(Operation.WRITE, new ScalableTarget(300, 1000)), "DISABLED");

        Plan plan = RecoveryPlanner.plan(incident(inventory.id(), false,
                change(inventory.id(), Operation.WRITE, ActionType.RAISE_AUTOSCALING_MIN, 100, 300)), table(inventory), NOW).plan();

        Action restore = action(plan, ActionType.RESTORE_AUTOSCALING_MIN, Operation.WRITE);
        assertThat(restore).extracting(Action::from, Action::to, Action::status).containsExactly(300L, 100L, ActionStatus.PLANNED);
        assertThat(plan.actions()).noneMatch(a -> a.type() == ActionType.RESTORE_PROVISIONED);
    }

    @Test
    void plan_autoScalingMinChangedSince_leavesItAsItIs() {
        ResourceState inventory = provisioned(ResourceId.table("inventory"), 200, 300, 0,
                Map.of(Operation.WRITE, new ScalableTarget(500, 1000)), "DISABLED");

        Plan plan = RecoveryPlanner.plan(incident(inventory.id(), false,
                change(inventory.id(), Operation.WRITE, ActionType.RAISE_AUTOSCALING_MIN, 100, 300)), table(inventory), NOW).plan();

        assertThat(action(plan, ActionType.RESTORE_AUTOSCALING_MIN, Operation.WRITE).reason())
                .isEqualTo("left as is: MinCapacity changed since the responder set 300 (now 500)");
    }

    @Test
    void plan_onDemandMaximum_isRestored() {
        ResourceId sessions = ResourceId.table("sessions");
        ResourceState state = new ResourceState(sessions, "ACTIVE", 0, 0, 3000, 500, 0, Map.of(), "DISABLED");
        TableState onDemand = new TableState(BillingMode.PAY_PER_REQUEST, state, Map.of(), 40_000, 40_000);

        Plan plan = RecoveryPlanner.plan(incident(sessions, false,
                change(sessions, Operation.READ, ActionType.RAISE_ON_DEMAND_MAX, 1000, 3000)), onDemand, NOW).plan();

        assertThat(action(plan, ActionType.RESTORE_ON_DEMAND_MAX, Operation.READ))
                .extracting(Action::from, Action::to, Action::status).containsExactly(3000L, 1000L, ActionStatus.PLANNED);
    }

    @Test
    void plan_contributorInsightsEnabledBySomeoneElse_isNotTouched() {
        TableState state = table(provisioned(ORDERS, 100, 150, 0, Map.of(), "ENABLED"));

        Plan plan = RecoveryPlanner.plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state, NOW).plan();

        assertThat(plan.actions()).noneMatch(a -> a.type() == ActionType.DISABLE_CONTRIBUTOR_INSIGHTS);
    }

    @Test
    void plan_contributorInsightsAlreadyOff_isSkipped() {
        TableState state = table(provisioned(ORDERS, 100, 50, 0, Map.of(), "DISABLED"));

        Plan plan = RecoveryPlanner.plan(incident(ORDERS, true), state, NOW).plan();

        assertThat(action(plan, ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, null).status()).isEqualTo(ActionStatus.SKIPPED);
    }

    @Test
    void plan_resourceGone_onlyNotifies() {
        TableState state = table(provisioned(ORDERS, 100, 50, 0, Map.of(), "DISABLED"));

        Plan plan = RecoveryPlanner.plan(incident(BY_STATUS, true,
                change(BY_STATUS, Operation.READ, ActionType.UPDATE_PROVISIONED, 50, 150)), state, NOW).plan();

        assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.NOTIFY);
        assertThat(plan.findings()).containsExactly("table/orders/index/by-status no longer exists: nothing to restore.");
    }
}
