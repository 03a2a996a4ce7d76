package io.throttleresponder.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.Decreases;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.OthersChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.TableState;
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

    private static ResourceState provisioned(ResourceId id, long read, long write, Decreases decreases,
                                             Map<Operation, ScalableTarget> targets, String insights) {
        return new ResourceState(id, "ACTIVE", read, write, -1, -1, decreases, targets, insights);
    }

    private static ResourceState provisioned(ResourceId id, long read, long write, String insights) {
        return provisioned(id, read, write, Decreases.NONE, Map.of(), insights);
    }

    private static RecoveryPlan plan(IncidentRecord record, TableState state, Demand demand) {
        return RecoveryPlanner.plan(record, state, demand, TableSettings.DEFAULTS, NOW);
    }

    private static RecoveryPlan plan(IncidentRecord record, TableState state) {
        return plan(record, state, Demand.NONE);
    }

    private static Demand demand(Operation operation, double unitsPerSecond) {
        return new Demand(Map.of(operation, unitsPerSecond));
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
    void plan_whenDemandIsGone_restoresThePreIncidentValue_andSettlesTheChange() {
        TableState state = table(provisioned(ORDERS, 100, 150, "ENABLED"));
        CapacityChange change = change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150);

        RecoveryPlan recovery = plan(incident(ORDERS, true, change), state, demand(Operation.WRITE, 30));

        assertThat(recovery.plan().actions()).extracting(Action::type, Action::dimension, Action::from, Action::to, Action::status)
                .containsExactly(
                        tuple(ActionType.RESTORE_PROVISIONED, Operation.WRITE, 150L, 50L, ActionStatus.PLANNED),
                        tuple(ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, null, null, null, ActionStatus.PLANNED));
        assertThat(recovery.heldBack()).isEmpty();
        assertThat(recovery.lookAgainAt()).isNull();
    }

    @Test
    void plan_whileDemandStillNeedsTheRaisedCapacity_holdsAndLooksAgain_neverReCausingTheThrottling() {
        // Writes at 140 WCU/s: 168 with 20 % headroom is above the raised 150, let alone the pre-incident 50.
        TableState state = table(provisioned(ORDERS, 100, 150, "DISABLED"));
        CapacityChange change = change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150);

        RecoveryPlan recovery = plan(incident(ORDERS, false, change), state, demand(Operation.WRITE, 140));

        Action restore = action(recovery.plan(), ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).startsWith("held: today's demand (peak 140 WCU/s + 20% headroom) needs 168, at or above"
                + " the current 150; looking again at " + NOW.plus(RecoveryPlanner.DEMAND_RECHECK));
        assertThat(recovery.heldBack()).containsExactly(change);
        assertThat(recovery.lookAgainAt()).isEqualTo(NOW.plus(RecoveryPlanner.DEMAND_RECHECK));
    }

    @Test
    void plan_whenDemandSitsBetween_stepsDownPartWay_andKeepsTheRestForLater() {
        TableState state = table(provisioned(ORDERS, 100, 150, "DISABLED"));
        CapacityChange change = change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150);

        RecoveryPlan recovery = plan(incident(ORDERS, false, change), state, demand(Operation.WRITE, 80));

        Action restore = action(recovery.plan(), ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore).extracting(Action::from, Action::to, Action::status).containsExactly(150L, 96L, ActionStatus.PLANNED);
        assertThat(restore.reason()).startsWith("down to today's demand (peak 80 WCU/s + 20% headroom) (pre-incident 50)");
        assertThat(recovery.heldBack()).containsExactly(change);
        assertThat(recovery.lookAgainAt()).isEqualTo(NOW.plus(RecoveryPlanner.DEMAND_RECHECK));
    }

    @Test
    void plan_whenSomeoneChangedCapacitySince_leavesItAsItIs() {
        TableState state = table(provisioned(ORDERS, 100, 400, "DISABLED"));

        RecoveryPlan recovery = plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state);

        Action restore = action(recovery.plan(), ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).isEqualTo(
                "left as is: changed since the responder set 150 (now 400): kept 400 WCU set by someone else at 10:00 UTC");
        assertThat(recovery.leftAsIs()).hasSize(1);
    }

    @Test
    void plan_raiseBuiltOnSomeoneElsesValue_goesBackToThatValue_andSaysItIsKept() {
        TableState state = table(provisioned(ORDERS, 100, 1200, "DISABLED"));
        CapacityChange onTheirs = new CapacityChange(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 400, null, 1200,
                NOW.minusSeconds(2400), new OthersChange(400, Instant.parse("2026-11-21T09:20:00Z")));

        Action restore = action(plan(incident(ORDERS, false, onTheirs), state).plan(), ActionType.RESTORE_PROVISIONED,
                Operation.WRITE);

        assertThat(restore).extracting(Action::from, Action::to, Action::status).containsExactly(1200L, 400L, ActionStatus.PLANNED);
        assertThat(restore.reason()).isEqualTo(
                "back to the value the raise was built on: kept 400 WCU set by someone else at 09:20 UTC");
    }

    @Test
    void plan_whenAlreadyAtOrBelowThePreIncidentValue_neverGoesLower() {
        TableState state = table(provisioned(ORDERS, 100, 40, "DISABLED"));

        Plan plan = plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state).plan();

        Action restore = action(plan, ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).startsWith("left as is: already at or below the pre-incident 50");
    }

    @Test
    void plan_beyondFourDecreasesToday_holdsUntilAnHourAfterTheLast_asDynamoDbAllows() {
        Instant last = NOW.minusSeconds(600);
        TableState state = table(provisioned(ORDERS, 100, 150, new Decreases(4, last), Map.of(), "DISABLED"));

        RecoveryPlan recovery = plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state);

        Action restore = action(recovery.plan(), ActionType.RESTORE_PROVISIONED, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).startsWith("held: DynamoDB allows the next decrease of table/orders at "
                + last.plusSeconds(3600) + " (4 today)");
        assertThat(recovery.lookAgainAt()).isEqualTo(last.plusSeconds(3600));
    }

    @Test
    void plan_fourDecreasesAlreadyMadeYesterday_doNotHoldToday() {
        TableState state = table(provisioned(ORDERS, 100, 150, new Decreases(27, NOW.minusSeconds(86_400)), Map.of(), "DISABLED"));

        Plan plan = plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state).plan();

        assertThat(action(plan, ActionType.RESTORE_PROVISIONED, Operation.WRITE).status()).isEqualTo(ActionStatus.PLANNED);
    }

    @Test
    void plan_bothDimensionsOfOneResource_areOneDecrease() {
        TableState state = table(provisioned(ORDERS, 300, 150, new Decreases(3, NOW.minusSeconds(60)), Map.of(), "DISABLED"));

        Plan plan = plan(incident(ORDERS, false,
                change(ORDERS, Operation.READ, ActionType.UPDATE_PROVISIONED, 100, 300),
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state).plan();

        assertThat(plan.actions()).filteredOn(a -> a.type() == ActionType.RESTORE_PROVISIONED)
                .extracting(Action::status).containsOnly(ActionStatus.PLANNED);
    }

    @Test
    void plan_indexDecreases_areCountedApartFromTheTable() {
        ResourceState tableSpent = provisioned(ORDERS, 100, 50, new Decreases(27, NOW.minusSeconds(60)), Map.of(), "DISABLED");
        ResourceState index = provisioned(BY_STATUS, 150, 25, "DISABLED");

        Plan plan = plan(incident(BY_STATUS, false,
                change(BY_STATUS, Operation.READ, ActionType.UPDATE_PROVISIONED, 50, 150)), table(tableSpent, index)).plan();

        assertThat(action(plan, ActionType.RESTORE_PROVISIONED, Operation.READ).status()).isEqualTo(ActionStatus.PLANNED);
    }

    @Test
    void plan_resourceUpdating_holdsTheRestoreAMinute_insteadOfDroppingIt() {
        ResourceState index = new ResourceState(BY_STATUS, "UPDATING", 150, 25, -1, -1, Decreases.NONE, Map.of(), "DISABLED");
        CapacityChange change = change(BY_STATUS, Operation.READ, ActionType.UPDATE_PROVISIONED, 50, 150);

        RecoveryPlan recovery = plan(incident(BY_STATUS, false, change), table(provisioned(ORDERS, 100, 50, "DISABLED"), index));

        Action restore = action(recovery.plan(), ActionType.RESTORE_PROVISIONED, Operation.READ);
        assertThat(restore.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(restore.reason()).startsWith("held: table/orders/index/by-status is UPDATING");
        assertThat(recovery.heldBack()).containsExactly(change);
        assertThat(recovery.lookAgainAt()).isEqualTo(NOW.plus(RecoveryPlanner.BUSY_RECHECK));
    }

    @Test
    void plan_autoScaledDimension_restoresMinCapacity_notTheTable() {
        ResourceState inventory = provisioned(ResourceId.table("inventory"), 200, 300, Decreases.NONE,
                Map.of(Operation.WRITE, new ScalableTarget(300, 1000)), "DISABLED");

        Plan plan = plan(incident(inventory.id(), false,
                change(inventory.id(), Operation.WRITE, ActionType.RAISE_AUTOSCALING_MIN, 100, 300)), table(inventory)).plan();

        Action restore = action(plan, ActionType.RESTORE_AUTOSCALING_MIN, Operation.WRITE);
        assertThat(restore).extracting(Action::from, Action::to, Action::status).containsExactly(300L, 100L, ActionStatus.PLANNED);
        assertThat(plan.actions()).noneMatch(a -> a.type() == ActionType.RESTORE_PROVISIONED);
    }

    @Test
    void plan_autoScalingMinChangedSince_leavesItAsItIs() {
        ResourceState inventory = provisioned(ResourceId.table("inventory"), 200, 300, Decreases.NONE,
                Map.of(Operation.WRITE, new ScalableTarget(500, 1000)), "DISABLED");

        Plan plan = plan(incident(inventory.id(), false,
                change(inventory.id(), Operation.WRITE, ActionType.RAISE_AUTOSCALING_MIN, 100, 300)), table(inventory)).plan();

        assertThat(action(plan, ActionType.RESTORE_AUTOSCALING_MIN, Operation.WRITE).reason())
                .isEqualTo("left as is: MinCapacity changed since the responder set 300 (now 500): kept MinCapacity 500 WCU set by someone"
                        + " else at 10:00 UTC");
    }

    @Test
    void maximumToRestore_putsBackThePreIncidentMaximum_onlyWhileItIsStillTheOneTheResponderSet() {
        CapacityChange raisedPastMaximum = new CapacityChange(ResourceId.table("inventory"), Operation.WRITE,
                ActionType.RAISE_AUTOSCALING_MIN, 100, 150L, 300, NOW);

        assertThat(RecoveryPlanner.maximumToRestore(raisedPastMaximum, new ScalableTarget(300, 300))).isEqualTo(150);
        // An operator raised MaxCapacity to 5000 since: restoring 150 would force the capacity down.
        assertThat(RecoveryPlanner.maximumToRestore(raisedPastMaximum, new ScalableTarget(300, 5000))).isEqualTo(5000);
        CapacityChange withinMaximum = new CapacityChange(ResourceId.table("inventory"), Operation.WRITE,
                ActionType.RAISE_AUTOSCALING_MIN, 100, null, 300, NOW);
        assertThat(RecoveryPlanner.maximumToRestore(withinMaximum, new ScalableTarget(300, 1000))).isEqualTo(1000);
    }

    @Test
    void plan_onDemandMaximum_whileReadsStillNeedIt_holds() {
        ResourceId sessions = ResourceId.table("sessions");
        ResourceState state = new ResourceState(sessions, "ACTIVE", 0, 0, 3000, 500, Decreases.NONE, Map.of(), "DISABLED");
        TableState onDemand = new TableState(BillingMode.PAY_PER_REQUEST, state, Map.of(), 40_000, 40_000);
        IncidentRecord record = incident(sessions, false, change(sessions, Operation.READ, ActionType.RAISE_ON_DEMAND_MAX, 1000, 3000));

        Action held = action(plan(record, onDemand, demand(Operation.READ, 2500)).plan(), ActionType.RESTORE_ON_DEMAND_MAX, Operation.READ);
        Action restored = action(plan(record, onDemand, demand(Operation.READ, 300)).plan(), ActionType.RESTORE_ON_DEMAND_MAX, Operation.READ);

        assertThat(held.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(held.reason()).startsWith("held: today's demand (peak 2500 request units/s + 20% headroom) needs 3000");
        assertThat(restored).extracting(Action::from, Action::to, Action::status).containsExactly(3000L, 1000L, ActionStatus.PLANNED);
    }

    @Test
    void plan_contributorInsightsEnabledBySomeoneElse_isNotTouched() {
        TableState state = table(provisioned(ORDERS, 100, 150, "ENABLED"));

        Plan plan = plan(incident(ORDERS, false,
                change(ORDERS, Operation.WRITE, ActionType.UPDATE_PROVISIONED, 50, 150)), state).plan();

        assertThat(plan.actions()).noneMatch(a -> a.type() == ActionType.DISABLE_CONTRIBUTOR_INSIGHTS);
    }

    @Test
    void plan_contributorInsightsAlreadyOff_isSkipped() {
        TableState state = table(provisioned(ORDERS, 100, 50, "DISABLED"));

        Plan plan = plan(incident(ORDERS, true), state).plan();

        assertThat(action(plan, ActionType.DISABLE_CONTRIBUTOR_INSIGHTS, null).status()).isEqualTo(ActionStatus.SKIPPED);
    }

    @Test
    void plan_resourceGone_restoresNothingAndSaysSo() {
        TableState state = table(provisioned(ORDERS, 100, 50, "DISABLED"));

        Plan plan = plan(incident(BY_STATUS, true,
                change(BY_STATUS, Operation.READ, ActionType.UPDATE_PROVISIONED, 50, 150)), state).plan();

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.findings()).containsExactly("table/orders/index/by-status no longer exists: nothing to restore.");
    }

    @Test
    void plan_tableSwitchedToOnDemand_keepsTheRaisedFloorAndUnits_forTheWayBack() {
        ResourceState inventory = new ResourceState(ResourceId.table("inventory"), "ACTIVE", 0, 0, -1, -1, Decreases.NONE,
                Map.of(Operation.WRITE, new ScalableTarget(300, 1000)), "DISABLED");
        TableState onDemand = new TableState(BillingMode.PAY_PER_REQUEST, inventory, Map.of(), 40_000, 40_000);
        CapacityChange floor = change(inventory.id(), Operation.WRITE, ActionType.RAISE_AUTOSCALING_MIN, 100, 300);
        CapacityChange units = change(inventory.id(), Operation.READ, ActionType.UPDATE_PROVISIONED, 200, 600);

        RecoveryPlan recovery = plan(incident(inventory.id(), false, floor, units), onDemand);

        assertThat(recovery.leftAsIs()).isEmpty();
        assertThat(recovery.heldBack()).containsExactlyInAnyOrder(floor, units);
        assertThat(action(recovery.plan(), ActionType.RESTORE_AUTOSCALING_MIN, Operation.WRITE).reason())
                .startsWith("held: the table is on-demand now; the raised floor stays registered");
    }

    @Test
    void plan_floorRestoredWhileScaleInIsOff_saysTheCapacityStays_andWhy() {
        ResourceState inventory = provisioned(ResourceId.table("inventory"), 200, 300, Decreases.NONE,
                Map.of(Operation.WRITE, new ScalableTarget(300, 1000, true)), "DISABLED");

        Plan plan = plan(incident(inventory.id(), false,
                change(inventory.id(), Operation.WRITE, ActionType.RAISE_AUTOSCALING_MIN, 100, 300)), table(inventory)).plan();

        Action restore = action(plan, ActionType.RESTORE_AUTOSCALING_MIN, Operation.WRITE);
        assertThat(restore.status()).isEqualTo(ActionStatus.PLANNED);
        assertThat(restore.reason()).isEqualTo("the floor goes back, but scale-in is off: capacity stays at 300");
        assertThat(plan.findings()).singleElement().asString()
                .startsWith("table/inventory WRITE: scale-in is off on its scaler").contains("capacity stays at 300 WCU");
    }
}
