package io.throttleresponder.plan;

import static io.throttleresponder.respond.Fixtures.BY_STATUS;
import static io.throttleresponder.respond.Fixtures.INVENTORY;
import static io.throttleresponder.respond.Fixtures.ORDERS;
import static io.throttleresponder.respond.Fixtures.SESSIONS;
import static io.throttleresponder.respond.Fixtures.incident;
import static io.throttleresponder.respond.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.evidence.Evidence;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.TableState;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.respond.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlannerTest {

    private static final TableSettings DEFAULTS = TableSettings.DEFAULTS;
    private static final OptionalDouble NO_PEAK = OptionalDouble.empty();

    private static Plan plan(Incident incident, TableState state) {
        return plan(incident, state, DEFAULTS, NO_PEAK);
    }

    /** The first response of an incident: the responder has changed nothing yet. */
    private static Plan plan(Incident incident, TableState state, TableSettings settings, OptionalDouble peak) {
        return Planner.plan(incident, state, settings, Evidence.firstResponse(peak));
    }

    private static List<Action> capacityActions(Plan plan) {
        return plan.actions().stream().filter(a -> a.type().changesCapacity()).toList();
    }

    private static Action only(Plan plan, ActionType type) {
        List<Action> matching = plan.actions().stream().filter(a -> a.type() == type).toList();
        assertThat(matching).as(type + " actions in " + plan.actions()).hasSize(1);
        return matching.get(0);
    }

    @Nested
    class Provisioned {

        @Test
        void plan_provisionedTableWrite_scalesWriteByFactor() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders());

            assertThat(capacityActions(plan)).containsExactly(new Action(ActionType.UPDATE_PROVISIONED, ORDERS,
                    Operation.WRITE, 50L, 150L, ActionStatus.PLANNED, "x3"));
            assertThat(plan.findings()).isEmpty();
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.CsvSource({"39.9, SKIPPED", "40, PLANNED", "48, PLANNED"})
        void plan_consumedCapacityAlarm_raisesOnlyFrom80PercentOfTheProvisionedCapacity(double rate, ActionStatus expected) {
            Incident alarmed = new Incident(ORDERS, Operation.WRITE, Cause.UTILIZATION, "ConsumedWriteCapacityUnits", false, rate);

            Action action = only(plan(alarmed, Fixtures.orders()), ActionType.UPDATE_PROVISIONED);

            assertThat(action.status()).isEqualTo(expected);
        }

        @Test
        void plan_consumedCapacityAlarmOfLowUtilization_saysWhatTheAlarmMeansAndHowToFixIt() {
            Plan plan = plan(new Incident(ORDERS, Operation.WRITE, Cause.UTILIZATION, "ConsumedWriteCapacityUnits", false, 4.2),
                    Fixtures.orders());

            assertThat(only(plan, ActionType.UPDATE_PROVISIONED).reason())
                    .isEqualTo("the alarm's consumption, 4.2 WCU/s, is 8% of the provisioned 50: not high utilization");
            assertThat(plan.findings()).singleElement().asString().contains("below 80%, so nothing is raised");
        }

        @Test
        void plan_secondRaiseOfTheIncident_withDemandBelowTheRaisedCapacity_isSkipped() {
            History raised = new History(Map.of(), Map.of(History.key(ORDERS, Operation.WRITE), 50L));
            TableState afterRaise = Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 150));

            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), afterRaise, DEFAULTS,
                    new Evidence(OptionalDouble.of(120), raised, Set.of(), OptionalDouble.empty(), false)), ActionType.UPDATE_PROVISIONED);

            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.reason()).contains("not near the current 150");
        }

        @Test
        void plan_secondRaiseWithoutConsumptionData_isSkipped_forNoEvidenceOfMoreDemand() {
            History raised = new History(Map.of(), Map.of(History.key(ORDERS, Operation.WRITE), 50L));
            TableState afterRaise = Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 150));

            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), afterRaise, DEFAULTS,
                    new Evidence(NO_PEAK, raised, Set.of(), OptionalDouble.empty(), false)), ActionType.UPDATE_PROVISIONED);

            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.reason()).contains("no consumption data");
        }

        @Test
        void plan_secondRaiseWithDemandAtTheRaisedCapacity_isCappedAtTenTimesThePreIncidentValue() {
            History raised = new History(Map.of(), Map.of(History.key(ORDERS, Operation.WRITE), 50L));
            TableState afterRaises = Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 450));

            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), afterRaises, DEFAULTS,
                    new Evidence(OptionalDouble.of(449), raised, Set.of(), OptionalDouble.empty(), false)), ActionType.UPDATE_PROVISIONED);

            assertThat(action).extracting(Action::from, Action::to, Action::status).containsExactly(450L, 500L, ActionStatus.PLANNED);
            assertThat(action.reason()).contains("capped at 500");
        }

        @Test
        void plan_raiseAfterSomeoneElseSetCapacity_isBuiltOnTheirValue_asAFirstRaise() {
            // The responder set 150; the on-call set 400 by hand since: theirs is the base, not the 50 before.
            String key = History.key(ORDERS, Operation.WRITE);
            History raised = new History(Map.of(), Map.of(key, 50L), Map.of(key, 150L),
                    Map.of(key, ActionType.UPDATE_PROVISIONED));
            TableState setByHand = Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 400));

            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), setByHand, DEFAULTS,
                    new Evidence(OptionalDouble.of(395), raised, Set.of(), OptionalDouble.empty(), false)), ActionType.UPDATE_PROVISIONED);

            // Ten times 50 would cap it at 500; built on 400, the scale factor applies.
            assertThat(action).extracting(Action::from, Action::to, Action::status).containsExactly(400L, 1200L, ActionStatus.PLANNED);
        }

        @Test
        void plan_raiseAfterABillingModeSwitch_doesNotTakeTheOnDemandMaximumForThePreIncidentCapacity() {
            String key = History.key(ORDERS, Operation.WRITE);
            History onDemandRaise = new History(Map.of(), Map.of(key, 1000L), Map.of(key, 450L),
                    Map.of(key, ActionType.RAISE_ON_DEMAND_MAX));
            TableState provisioned = Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 450));

            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), provisioned, DEFAULTS,
                    new Evidence(OptionalDouble.of(60), onDemandRaise, Set.of(), OptionalDouble.empty(), false)),
                    ActionType.UPDATE_PROVISIONED);

            assertThat(action.reason()).doesNotContain("no second raise");
        }

        @Test
        void plan_firstRaiseWithoutConsumptionData_isTheScaleFactor() {
            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(), DEFAULTS,
                    Evidence.firstResponse(NO_PEAK)), ActionType.UPDATE_PROVISIONED);

            assertThat(action).extracting(Action::to, Action::status, Action::reason).containsExactly(150L, ActionStatus.PLANNED, "x3");
        }

        @Test
        void plan_firstRaiseWithDemandWellBelowCapacity_raisesNothing_andSaysWhy() {
            Plan plan = Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(), DEFAULTS,
                    Evidence.firstResponse(OptionalDouble.of(20)));

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.reason()).isEqualTo("the consumed peak 20 WCU/s + 20% headroom (24) is within the current 50:"
                    + " no raise on this evidence");
            assertThat(plan.findings()).singleElement().asString().contains("bursts above the per-minute average, or a hot key");
        }

        @Test
        void plan_utilizationAlarmWithThePeakBelowNinetyPercent_stillTakesTheScaleFactor() {
            // 85 % of 50 WCU: peak plus 20 % headroom (51) would leave the utilization above its 80 % threshold.
            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.UTILIZATION), Fixtures.orders(), DEFAULTS,
                    Evidence.firstResponse(OptionalDouble.of(42.5))), ActionType.UPDATE_PROVISIONED);

            assertThat(action).extracting(Action::to, Action::status).containsExactly(150L, ActionStatus.PLANNED);
        }

        @Test
        void plan_firstRaiseWithDemandJustBelowCapacity_raisesToThePeakPlusHeadroom_notTheScaleFactor() {
            Action action = only(Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(), DEFAULTS,
                    Evidence.firstResponse(OptionalDouble.of(44))), ActionType.UPDATE_PROVISIONED);

            assertThat(action).extracting(Action::to, Action::status, Action::reason)
                    .containsExactly(53L, ActionStatus.PLANNED, "the consumed peak 44 + 20% headroom");
        }

        @Test
        void plan_globalTable_changesNoCapacity_andSaysWhatItWouldHaveDone() {
            TableState global = new TableState(BillingMode.PROVISIONED, Fixtures.provisioned(ORDERS, 100, 50), Map.of(),
                    TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA, List.of("us-east-1", "eu-west-1"));

            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), global);

            Action update = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(update.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(update.reason()).isEqualTo("global table: no capacity change by the responder");
            assertThat(plan.findings()).singleElement().asString()
                    .startsWith("orders is a global table (replicas in us-east-1, eu-west-1)")
                    .contains("Would have made: UPDATE_PROVISIONED table/orders WRITE 50 -> 150");
            assertThat(only(plan, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).status()).isEqualTo(ActionStatus.PLANNED);
        }

        @Test
        void plan_globalTableInTheRegionThePolicyNames_changesItsCapacity_elsewhereSaysWhoDoes() {
            TableState global = new TableState(BillingMode.PROVISIONED, Fixtures.provisioned(ORDERS, 100, 50), Map.of(),
                    TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA, List.of("us-east-1", "eu-west-1"));
            TableSettings actingInEurope = settings("\"globalTableActingRegion\": \"eu-west-1\"");

            Plan acting = Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), global, actingInEurope,
                    new Evidence(NO_PEAK, History.EMPTY, Set.of(), OptionalDouble.empty(), true));
            Plan elsewhere = Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), global, actingInEurope,
                    Evidence.firstResponse(NO_PEAK));

            assertThat(only(acting, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(only(elsewhere, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(elsewhere.findings()).singleElement().asString()
                    .endsWith("The deployment in eu-west-1 makes it (globalTableActingRegion).");
        }

        @Test
        void plan_contributorInsightsStatusUnreadable_failsThatActionAlone() {
            TableState state = Fixtures.orders(Fixtures.withInsights(Fixtures.provisioned(ORDERS, 100, 50),
                    ResourceState.INSIGHTS_UNREADABLE));

            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), state);

            assertThat(only(plan, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).status()).isEqualTo(ActionStatus.FAILED);
            assertThat(only(plan, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(only(plan, ActionType.SCHEDULE_HOT_KEY_SUMMARY).status()).isEqualTo(ActionStatus.PLANNED);
        }

        @Test
        void plan_utilizationOnAScalerManagedDimension_raisesNothing() {
            Plan plan = plan(incident(INVENTORY, Operation.WRITE, Cause.UTILIZATION), Fixtures.inventory());

            Action raise = only(plan, ActionType.RAISE_AUTOSCALING_MIN);
            assertThat(raise.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(raise.reason()).startsWith("auto scaling manages WCU: high utilization is its signal to scale");
        }

        @Test
        void plan_aggregateThatAlsoShowedHotKeys_raisesCapacity_andAnswersTheHotPartitionToo() {
            Plan plan = Planner.plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(), DEFAULTS,
                    new Evidence(NO_PEAK, History.EMPTY, Set.of(Cause.KEY_RANGE), OptionalDouble.empty(), false));

            assertThat(only(plan, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(plan.findings()).singleElement().asString().startsWith("Also a hot partition: Hot partition on table/orders");
        }

        @Test
        void plan_provisionedTableRead_scalesReadByFactor() {
            Action action = only(plan(incident(ORDERS, Operation.READ, Cause.PROVISIONED), Fixtures.orders()),
                    ActionType.UPDATE_PROVISIONED);

            assertThat(action.dimension()).isEqualTo(Operation.READ);
            assertThat(action.from()).isEqualTo(100);
            assertThat(action.to()).isEqualTo(300);
        }

        @Test
        void plan_fractionalScaleFactor_roundsUp() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(),
                    settings("\"scaleFactor\": 1.5"), NO_PEAK);

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.to()).isEqualTo(75);
            assertThat(action.reason()).isEqualTo("x1.5");
        }

        @Test
        void plan_gsiScaleUp_keepsTheGsiResource() {
            Plan plan = plan(incident(BY_STATUS, Operation.READ, Cause.PROVISIONED), Fixtures.orders());

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.resource()).isEqualTo(BY_STATUS);
            assertThat(action.from()).isEqualTo(50);
            assertThat(action.to()).isEqualTo(150);
            assertThat(plan.actions()).allSatisfy(a -> assertThat(a.resource()).isEqualTo(BY_STATUS));
        }

        @Test
        void plan_utilization_scalesLikeProvisioned() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.UTILIZATION), Fixtures.orders());

            assertThat(capacityActions(plan)).extracting(Action::type, Action::from, Action::to)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ActionType.UPDATE_PROVISIONED, 50L, 150L));
        }

        @Test
        void plan_consumedPeakPlusHeadroomAboveFactor_beatsFactor() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(), DEFAULTS,
                    OptionalDouble.of(400));

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.to()).isEqualTo(480);
            assertThat(action.reason()).isEqualTo("x3, raised to the consumed peak 400 + 20% headroom");
        }

        @Test
        void plan_consumedPeakPlusHeadroomBelowFactor_keepsFactor() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(), DEFAULTS,
                    OptionalDouble.of(100));

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.to()).isEqualTo(150);
            assertThat(action.reason()).isEqualTo("x3");
        }

        @Test
        void plan_targetAbovePolicyMaximum_isCappedByPolicy() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(),
                    settings("\"maxWriteCapacityUnits\": 100"), NO_PEAK);

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(action.to()).isEqualTo(100);
            assertThat(action.reason()).isEqualTo("x3, capped at 100");
        }

        @Test
        void plan_readTargetAbovePolicyReadMaximum_isCappedByReadMaximumOnly() {
            Plan plan = plan(incident(ORDERS, Operation.READ, Cause.PROVISIONED), Fixtures.orders(),
                    settings("\"maxReadCapacityUnits\": 250, \"maxWriteCapacityUnits\": 10"), NO_PEAK);

            assertThat(only(plan, ActionType.UPDATE_PROVISIONED).to()).isEqualTo(250);
        }

        @Test
        void plan_targetAboveAccountTableQuota_isCappedByQuota() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.ordersWithQuota(40_000, 120));

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.to()).isEqualTo(120);
            assertThat(action.reason()).contains("capped at 120");
        }

        @Test
        void plan_peakAboveCap_isCappedAndSaysBoth() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(),
                    settings("\"maxWriteCapacityUnits\": 300"), OptionalDouble.of(1000));

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.to()).isEqualTo(300);
            assertThat(action.reason()).contains("consumed peak 1000").contains("capped at 300");
        }

        @Test
        void plan_alreadyAtCap_skipsWithFinding() {
            TableState atCap = Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 40_000));

            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), atCap);

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.from()).isEqualTo(40_000);
            assertThat(action.to()).isEqualTo(40_000);
            assertThat(action.reason()).contains("already at the cap 40000");
            assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("policy cap of 40000 WCU"));
        }

        @Test
        void plan_currentAbovePolicyCap_skipsRatherThanDecreasing() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(),
                    settings("\"maxWriteCapacityUnits\": 40"), NO_PEAK);

            Action action = only(plan, ActionType.UPDATE_PROVISIONED);
            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.to()).isEqualTo(50);
        }

        @Test
        void plan_provisionedCauseOnOnDemandTable_changesNoCapacity() {
            Plan plan = plan(incident(SESSIONS, Operation.WRITE, Cause.PROVISIONED), Fixtures.sessions());

            assertThat(capacityActions(plan)).isEmpty();
            assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("on-demand"));
        }
    }

    @Nested
    class AutoScaled {

        @Test
        void plan_whenAutoScalingManagesWrites_raisesMinCapacity() {
            Plan plan = plan(incident(INVENTORY, Operation.WRITE, Cause.PROVISIONED), Fixtures.inventory());

            assertThat(capacityActions(plan)).hasSize(1);
            Action action = only(plan, ActionType.RAISE_AUTOSCALING_MIN);
            assertThat(action.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(action.dimension()).isEqualTo(Operation.WRITE);
            assertThat(action.from()).isEqualTo(100);
            assertThat(action.to()).isEqualTo(300);
            assertThat(action.reason()).contains("auto scaling manages WCU").doesNotContain("MaxCapacity");
        }

        @Test
        void plan_whenAutoScalingManagesOnlyReads_updatesWritesDirectly() {
            TableState readsScaled = new TableState(BillingMode.PROVISIONED,
                    Fixtures.withTargets(Fixtures.provisioned(INVENTORY, 200, 100), Map.of(Operation.READ, new ScalableTarget(200, 2000))),
                    Map.of(), TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);

            Plan plan = plan(incident(INVENTORY, Operation.WRITE, Cause.PROVISIONED), readsScaled);

            assertThat(only(plan, ActionType.UPDATE_PROVISIONED).to()).isEqualTo(300);
        }

        @Test
        void plan_autoScaledTargetAboveMaxCapacity_raisesMaxAndSaysSo() {
            TableState scaledUp = new TableState(BillingMode.PROVISIONED,
                    Fixtures.withTargets(Fixtures.provisioned(INVENTORY, 200, 900), Fixtures.inventory().table().scalableTargets()),
                    Map.of(), TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);

            Action action = only(plan(incident(INVENTORY, Operation.WRITE, Cause.PROVISIONED), scaledUp),
                    ActionType.RAISE_AUTOSCALING_MIN);

            assertThat(action.from()).isEqualTo(100);
            assertThat(action.to()).isEqualTo(2700);
            assertThat(action.reason()).contains("MaxCapacity raised from 1000 to 2700");
        }

        @Test
        void plan_autoScaledMinAlreadyAtCap_skipsWithFinding() {
            Plan plan = plan(incident(INVENTORY, Operation.WRITE, Cause.PROVISIONED), Fixtures.inventory(),
                    settings("\"maxWriteCapacityUnits\": 100"), NO_PEAK);

            Action action = only(plan, ActionType.RAISE_AUTOSCALING_MIN);
            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.to()).isEqualTo(100);
            assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("policy cap of 100 WCU"));
        }
    }

    @Nested
    class OnDemand {

        @Test
        void plan_onDemandMaximumReached_raisesMaximumByFactor() {
            Plan plan = plan(incident(SESSIONS, Operation.READ, Cause.MAX_ON_DEMAND), Fixtures.sessions());

            assertThat(capacityActions(plan)).containsExactly(new Action(ActionType.RAISE_ON_DEMAND_MAX, SESSIONS,
                    Operation.READ, 1000L, 3000L, ActionStatus.PLANNED, "x3"));
        }

        @Test
        void plan_onDemandWriteMaximum_raisesWriteMaximum() {
            Action action = only(plan(incident(SESSIONS, Operation.WRITE, Cause.MAX_ON_DEMAND), Fixtures.sessions()),
                    ActionType.RAISE_ON_DEMAND_MAX);

            assertThat(action.dimension()).isEqualTo(Operation.WRITE);
            assertThat(action.from()).isEqualTo(500);
            assertThat(action.to()).isEqualTo(1500);
        }

        @Test
        void plan_onDemandMaximumWithASmallFactor_isRaisedToTheConsumedPeakPlusHeadroom() {
            Plan plan = plan(incident(SESSIONS, Operation.READ, Cause.MAX_ON_DEMAND), Fixtures.sessions(),
                    settings("\"scaleFactor\": 1.1"), OptionalDouble.of(1000));

            assertThat(capacityActions(plan)).containsExactly(new Action(ActionType.RAISE_ON_DEMAND_MAX, SESSIONS,
                    Operation.READ, 1000L, 1200L, ActionStatus.PLANNED,
                    "x1.1, raised to the consumed peak 1000 + 20% headroom"));
        }

        @Test
        void plan_onDemandMaximumAbovePolicyCap_isCapped() {
            Plan plan = plan(incident(SESSIONS, Operation.READ, Cause.MAX_ON_DEMAND), Fixtures.sessions(),
                    settings("\"maxOnDemandReadRequestUnits\": 2000"), NO_PEAK);

            Action action = only(plan, ActionType.RAISE_ON_DEMAND_MAX);
            assertThat(action.to()).isEqualTo(2000);
            assertThat(action.reason()).isEqualTo("x3, capped at 2000");
        }

        @Test
        void plan_onDemandMaximumAtPolicyCap_skipsWithFinding() {
            Plan plan = plan(incident(SESSIONS, Operation.READ, Cause.MAX_ON_DEMAND), Fixtures.sessions(),
                    settings("\"maxOnDemandReadRequestUnits\": 1000"), NO_PEAK);

            Action action = only(plan, ActionType.RAISE_ON_DEMAND_MAX);
            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.reason()).contains("already at the cap 1000");
            assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("policy cap of 1000 RCU"));
        }

        @Test
        void plan_onDemandWithoutMaximumSet_changesNothingWithFinding() {
            TableState noMaximum = Fixtures.sessions(Fixtures.onDemand(SESSIONS,
                    ResourceState.NO_ON_DEMAND_MAXIMUM, ResourceState.NO_ON_DEMAND_MAXIMUM));

            Plan plan = plan(incident(SESSIONS, Operation.READ, Cause.MAX_ON_DEMAND), noMaximum);

            assertThat(capacityActions(plan)).isEmpty();
            assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("no on-demand maximum set for reads"));
        }

        @Test
        void plan_maxOnDemandCauseOnProvisionedTable_changesNothingWithFinding() {
            Plan plan = plan(incident(ORDERS, Operation.READ, Cause.MAX_ON_DEMAND), Fixtures.orders());

            assertThat(capacityActions(plan)).isEmpty();
            assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("is provisioned"));
        }
    }

    @Nested
    class NoCapacityChange {

        @Test
        void plan_keyRangeWrite_changesNoCapacityAndRecommendsSharding() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), Fixtures.orders());

            assertThat(capacityActions(plan)).isEmpty();
            assertThat(plan.findings()).singleElement().asString()
                    .contains("Hot partition on table/orders").contains("1000 WCU").contains("Shard");
        }

        @Test
        void plan_keyRangeRead_changesNoCapacityAndRecommendsCache() {
            Plan plan = plan(incident(BY_STATUS, Operation.READ, Cause.KEY_RANGE), Fixtures.orders());

            assertThat(capacityActions(plan)).isEmpty();
            assertThat(plan.findings()).singleElement().asString()
                    .contains("table/orders/index/by-status").contains("3000 RCU").contains("Cache");
        }

        @Test
        void plan_accountLimit_changesNoCapacityAndNamesQuota() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.ACCOUNT_LIMIT), Fixtures.ordersWithQuota(40_000, 80_000));

            assertThat(capacityActions(plan)).isEmpty();
            assertThat(plan.findings()).singleElement().asString()
                    .contains("80000 WCU").contains("Service Quotas").contains("Table-level write throughput limit");
        }

        @Test
        void plan_accountLimitRead_namesReadQuota() {
            Plan plan = plan(incident(SESSIONS, Operation.READ, Cause.ACCOUNT_LIMIT), Fixtures.sessions());

            assertThat(plan.findings()).singleElement().asString()
                    .contains("40000 RCU").contains("Table-level read throughput limit");
        }

        @Test
        void plan_latency_changesNothingAndOnlyFindsWithoutContributorInsights() {
            Plan plan = plan(incident(ORDERS, null, Cause.LATENCY), Fixtures.orders());

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.findings()).singleElement().asString().contains("SuccessfulRequestLatency");
        }

        @Test
        void plan_unknownCause_changesNoCapacityButLooksForHotKeys() {
            Plan plan = plan(incident(SESSIONS, Operation.WRITE, Cause.UNKNOWN), Fixtures.sessions());

            assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS,
                    ActionType.SCHEDULE_HOT_KEY_SUMMARY);
            assertThat(plan.findings()).singleElement().asString().contains("could not be determined");
        }

        @Test
        void plan_indexThatDoesNotExist_changesNothingAndSaysSo() {
            Plan plan = plan(incident(new ResourceId("orders", "by-nothing"), Operation.READ, Cause.PROVISIONED), Fixtures.orders());

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.findings()).singleElement().asString()
                    .contains("Index by-nothing does not exist on table orders");
        }
    }

    @Nested
    class ContributorInsights {

        @Test
        void plan_throttleWithInsightsOff_enablesThemInThrottledKeysModeByDefault() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), Fixtures.orders());

            Action action = only(plan, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS);
            assertThat(action.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(action.resource()).isEqualTo(ORDERS);
            assertThat(action.reason()).contains("THROTTLED_KEYS").doesNotContain("ACCESSED");
        }

        @Test
        void plan_insightsModeFromPolicy_isNamedInReason() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), Fixtures.orders(),
                    settings("\"contributorInsightsMode\": \"ACCESSED_AND_THROTTLED_KEYS\""), NO_PEAK);

            assertThat(only(plan, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).reason()).contains("ACCESSED_AND_THROTTLED_KEYS");
        }

        @Test
        void plan_insightsOnIndex_targetIndex() {
            Plan plan = plan(incident(BY_STATUS, Operation.READ, Cause.KEY_RANGE), Fixtures.orders());

            assertThat(only(plan, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).resource()).isEqualTo(BY_STATUS);
            assertThat(only(plan, ActionType.SCHEDULE_HOT_KEY_SUMMARY).resource()).isEqualTo(BY_STATUS);
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(strings = {"ENABLED", "ENABLING"})
        void plan_insightsAlreadyOn_isSkippedButSummaryStillScheduled(String status) {
            TableState on = Fixtures.orders(Fixtures.withInsights(Fixtures.provisioned(ORDERS, 100, 50), status));

            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), on);

            Action action = only(plan, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS);
            assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(action.reason()).isEqualTo("Contributor Insights is already " + status);
            assertThat(only(plan, ActionType.SCHEDULE_HOT_KEY_SUMMARY).status()).isEqualTo(ActionStatus.PLANNED);
        }

        @Test
        void plan_insightsDisabledInPolicy_plansNeitherInsightsNorSummary() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), Fixtures.orders(),
                    settings("\"contributorInsights\": false"), NO_PEAK);

            assertThat(plan.actions()).isEmpty();
        }

        @Test
        void plan_insightsDisabledInPolicy_raise_schedulesTheQuietWatchInsteadOfASummary() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(),
                    settings("\"contributorInsights\": false, \"recoveryQuietMinutes\": 20"), NO_PEAK);

            assertThat(plan.actions()).extracting(Action::type)
                    .containsExactly(ActionType.UPDATE_PROVISIONED, ActionType.SCHEDULE_RECOVERY);
            Action watch = only(plan, ActionType.SCHEDULE_RECOVERY);
            assertThat(watch.dimension()).isEqualTo(Operation.WRITE);
            assertThat(watch.reason()).startsWith("no hot-key summary (Contributor Insights is off)").contains("in 20 min");
        }

        @Test
        void plan_withInsights_schedulesNoQuietWatch_theLastSummaryStartsIt() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(), DEFAULTS, NO_PEAK);

            assertThat(plan.actions()).extracting(Action::type).doesNotContain(ActionType.SCHEDULE_RECOVERY);
        }

        @Test
        void plan_hotKeySummary_isScheduledRightAfterInsightsWithDelayAndOperation() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.PROVISIONED), Fixtures.orders(),
                    settings("\"hotKeySummaryDelayMinutes\": 7"), NO_PEAK);

            assertThat(plan.actions()).extracting(Action::type).containsExactly(ActionType.UPDATE_PROVISIONED,
                    ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, ActionType.SCHEDULE_HOT_KEY_SUMMARY);
            Action summary = only(plan, ActionType.SCHEDULE_HOT_KEY_SUMMARY);
            assertThat(summary.dimension()).isEqualTo(Operation.WRITE);
            assertThat(summary.reason()).contains("in 7 min");
        }

        @Test
        void plan_utilization_isNotAThrottleAndEnablesNoInsights() {
            Plan plan = plan(incident(ORDERS, Operation.WRITE, Cause.UTILIZATION), Fixtures.orders());

            assertThat(plan.actions()).extracting(Action::type)
                    .containsExactly(ActionType.UPDATE_PROVISIONED);
        }
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void plan_anyCause_leavesTheMessageToTheNotificationStep(Cause cause) {
        Operation operation = cause == Cause.LATENCY ? null : Operation.WRITE;
        TableState state = cause == Cause.MAX_ON_DEMAND ? Fixtures.sessions() : Fixtures.orders();
        ResourceId resource = cause == Cause.MAX_ON_DEMAND ? SESSIONS : ORDERS;

        Plan plan = plan(incident(resource, operation, cause), state);

        assertThat(plan.actions()).extracting(Action::type).doesNotContain(ActionType.NOTIFY);
        assertThat(plan.actions()).allSatisfy(a -> assertThat(a.resource()).isEqualTo(resource));
    }
}
