package io.throttleresponder.diagnose;

import static io.throttleresponder.respond.Fixtures.BY_STATUS;
import static io.throttleresponder.respond.Fixtures.ORDERS;
import static io.throttleresponder.respond.Fixtures.SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.TableState;
import io.throttleresponder.respond.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CauseRefinementTest {

    private static Incident aggregate(ResourceId resource, Operation operation) {
        return new Incident(resource, operation, Cause.UNKNOWN, operation.capitalized() + "ThrottleEvents", true);
    }

    @Test
    void refine_severalCauses_theOneCapacityAnswersLeads_andTheOthersAreShownBesideIt() {
        Map<Cause, Double> events = Map.of(Cause.PROVISIONED, 30.0, Cause.KEY_RANGE, 120.0, Cause.ACCOUNT_LIMIT, 2.0);

        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.READ), events, Fixtures.orders());

        assertThat(refined.cause()).isEqualTo(Cause.PROVISIONED);
        assertThat(refined.aggregate()).isFalse();
        assertThat(refined.resource()).isEqualTo(ORDERS);
        assertThat(refined.operation()).isEqualTo(Operation.READ);
        assertThat(refined.signal()).isEqualTo("ReadThrottleEvents");
        assertThat(CauseRefinement.alsoShown(refined, events)).containsExactlyInAnyOrder(Cause.KEY_RANGE, Cause.ACCOUNT_LIMIT);
    }

    @Test
    void refine_noCapacityCause_picksTheCauseWithMostEvents() {
        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.READ),
                Map.of(Cause.KEY_RANGE, 120.0, Cause.ACCOUNT_LIMIT, 2.0), Fixtures.orders());

        assertThat(refined.cause()).isEqualTo(Cause.KEY_RANGE);
    }

    @Test
    void refine_perCauseMetricsOnOnDemandTable_stillFollowTheMetricsOverBillingMode() {
        Incident refined = CauseRefinement.refine(aggregate(SESSIONS, Operation.WRITE),
                Map.of(Cause.ACCOUNT_LIMIT, 80.0, Cause.KEY_RANGE, 10.0), Fixtures.sessions());

        assertThat(refined.cause()).isEqualTo(Cause.ACCOUNT_LIMIT);
    }

    @Test
    void refine_tiedCounts_preferTheFirstCauseInDeclarationOrder() {
        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.WRITE),
                Map.of(Cause.ACCOUNT_LIMIT, 60.0, Cause.KEY_RANGE, 60.0), Fixtures.orders());

        assertThat(refined.cause()).isEqualTo(Cause.KEY_RANGE);
    }

    @Test
    void refine_onlyZeroCounts_fallsBackToBillingMode() {
        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.READ),
                Map.of(Cause.KEY_RANGE, 0.0), Fixtures.orders());

        assertThat(refined.cause()).isEqualTo(Cause.PROVISIONED);
    }

    @Test
    void refine_noDatapointsOnProvisionedTable_isProvisioned() {
        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.READ), Map.of(), Fixtures.orders());

        assertThat(refined.cause()).isEqualTo(Cause.PROVISIONED);
        assertThat(refined.aggregate()).isFalse();
    }

    @Test
    void refine_noDatapointsOnOnDemandTableWithMaximum_isMaxOnDemand() {
        Incident refined = CauseRefinement.refine(aggregate(SESSIONS, Operation.WRITE), Map.of(), Fixtures.sessions());

        assertThat(refined.cause()).isEqualTo(Cause.MAX_ON_DEMAND);
    }

    @Test
    void refine_noDatapointsOnOnDemandTableWithoutMaximumForThatOperation_isUnknown() {
        TableState readMaxOnly = Fixtures.sessions(Fixtures.onDemand(SESSIONS, 1000, ResourceState.NO_ON_DEMAND_MAXIMUM));

        Incident refined = CauseRefinement.refine(aggregate(SESSIONS, Operation.WRITE), Map.of(), readMaxOnly);

        assertThat(refined.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(refined.aggregate()).isFalse();
    }

    @Test
    void refine_noDatapointsOnOnDemandTableForMissingIndex_isUnknown() {
        Incident refined = CauseRefinement.refine(aggregate(new ResourceId("sessions", "nope"), Operation.READ),
                Map.of(), Fixtures.sessions());

        assertThat(refined.cause()).isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void refine_nonAggregateIncident_isUntouched() {
        Incident provisioned = Fixtures.incident(ORDERS, Operation.WRITE, Cause.PROVISIONED);

        assertThat(CauseRefinement.refine(provisioned, Map.of(Cause.KEY_RANGE, 500.0), Fixtures.orders()))
                .isSameAs(provisioned);
    }

    @Test
    void refine_tableShowsNoCapacityCauseButItsIndexDoes_isTheIndexesIncident() {
        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.WRITE), Map.of(),
                Map.of(BY_STATUS, Map.of(Cause.PROVISIONED, 300.0)), Fixtures.orders());

        assertThat(refined).isEqualTo(new Incident(BY_STATUS, Operation.WRITE, Cause.PROVISIONED, "WriteThrottleEvents", false));
    }

    @Test
    void refine_tableShowsItsOwnCapacityCause_staysTheTables() {
        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.WRITE), Map.of(Cause.PROVISIONED, 40.0),
                Map.of(BY_STATUS, Map.of(Cause.PROVISIONED, 300.0)), Fixtures.orders());

        assertThat(refined.resource()).isEqualTo(ORDERS);
        assertThat(refined.cause()).isEqualTo(Cause.PROVISIONED);
    }

    @Test
    void refine_indexWithOnlyKeyRangeEvents_doesNotMoveTheIncident() {
        Incident refined = CauseRefinement.refine(aggregate(ORDERS, Operation.WRITE), Map.of(),
                Map.of(BY_STATUS, Map.of(Cause.KEY_RANGE, 300.0)), Fixtures.orders());

        assertThat(refined.resource()).isEqualTo(ORDERS);
        assertThat(refined.cause()).isEqualTo(Cause.PROVISIONED);
    }
}
