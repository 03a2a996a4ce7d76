package io.throttleresponder.act;

import static io.throttleresponder.respond.Fixtures.ORDERS;
import static io.throttleresponder.respond.Fixtures.provisioned;
import static io.throttleresponder.respond.Fixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.respond.Fakes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapacityChangesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T03:16:00Z");
    private static final Duration COOLDOWN = Duration.ofMinutes(15);
    private static final Action RAISE = Action.planned(ActionType.UPDATE_PROVISIONED, ORDERS, Operation.WRITE, 50L, 150L, "x3");
    private static final Action RESTORE = Action.planned(ActionType.RESTORE_PROVISIONED, ORDERS, Operation.WRITE, 150L, 50L,
            "back to the pre-incident value");

    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final Fakes.Actuator actuator = new Fakes.Actuator();
    private final CapacityChanges changes = new CapacityChanges(ledger, ledger, actuator);
    private final List<String> deferred = new ArrayList<>();
    private final CapacityChanges.Deferral deferral = (change, why) -> {
        deferred.add(why);
        return change.with(ActionStatus.SKIPPED, "deferred: " + why);
    };

    private Action raise(CapacityChanges.Lock lock, ResourceState fresh) {
        return changes.raise(RAISE, lock, fresh, COOLDOWN, NOW, deferral);
    }

    @Test
    void raise_underTheLockOnAnActiveTable_reservesThenAppliesFromTheValueReadUnderTheLock() {
        Action done = raise(CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 60));

        assertThat(done.status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(done.from()).isEqualTo(60L);
        assertThat(done.to()).isEqualTo(150L);
        assertThat(ledger.calls).containsExactly("reserveCapacityChange");
        assertThat(actuator.calls).containsExactly("updateProvisioned table/orders WRITE 150 (READ stays 100)");
        assertThat(ledger.changeRecords.get(History.key(ORDERS, Operation.WRITE)).preIncidentValue()).isEqualTo(60L);
    }

    @Test
    void raise_alreadyAtTheTarget_isSkippedWithoutReservingOrCalling() {
        Action done = raise(CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 200));

        assertThat(done.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(done.reason()).startsWith("already at 200");
        assertThat(ledger.calls).isEmpty();
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void raise_whileAnotherResponseHoldsTheLock_isDeferredAndTouchesNothing() {
        Action done = raise(CapacityChanges.Lock.BUSY, provisioned(ORDERS, 100, 50));

        assertThat(done.reason()).isEqualTo("deferred: another response is changing table orders");
        assertThat(deferred).hasSize(1);
        assertThat(ledger.calls).isEmpty();
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void raise_onATableThatIsNotActive_isDeferred() {
        Action done = raise(CapacityChanges.Lock.HELD, withStatus(provisioned(ORDERS, 100, 50), "UPDATING"));

        assertThat(done.reason()).isEqualTo("deferred: table/orders is UPDATING");
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void raise_refusedAsResourceInUse_isDeferredAndGivesTheReservationBack() {
        Fakes.Actuator busy = new Fakes.Actuator() {
            @Override
            public void updateProvisioned(ResourceState current, Operation dimension, long capacityUnits) {
                throw new ResourceBusyException("UpdateTable orders: the table is being updated");
            }
        };
        CapacityChanges onBusyTable = new CapacityChanges(ledger, ledger, busy);

        Action done = onBusyTable.raise(RAISE, CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 50), COOLDOWN, NOW, deferral);

        assertThat(done.reason()).isEqualTo("deferred: UpdateTable orders: the table is being updated");
        assertThat(ledger.calls).containsExactly("reserveCapacityChange", "cancelCapacityChange");
        assertThat(ledger.capacityChanges).isEmpty();
    }

    @Test
    void raise_refusedForAnotherReason_failsAloneAndGivesTheReservationBack() {
        actuator.failing.add("updateProvisioned");

        Action done = raise(CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 50));

        assertThat(done.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(done.reason()).isEqualTo("x3; failed: updateProvisioned refused (AccessDeniedException)");
        assertThat(deferred).isEmpty();
        assertThat(ledger.calls).containsExactly("reserveCapacityChange", "cancelCapacityChange");
    }

    @Test
    void raise_whenAnotherResponseRaisedWithinTheCooldown_isSkipped() {
        ledger.changedElsewhere.put(History.key(ORDERS, Operation.WRITE), NOW.minusSeconds(30));

        Action done = raise(CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 50));

        assertThat(done.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(done.reason()).isEqualTo("another response changed table/orders WRITE within the cooldown");
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void raise_ofAResourceThatIsGone_fails() {
        Action done = raise(CapacityChanges.Lock.HELD, null);

        assertThat(done.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(done.reason()).endsWith("failed: table/orders no longer exists");
    }

    @Test
    void restore_onAnActiveTable_makesTheCallWithoutAReservation() {
        List<String> calls = new ArrayList<>();

        Action done = changes.restore(RESTORE, CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 150),
                () -> calls.add("restore"), deferral);

        assertThat(done.status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(calls).containsExactly("restore");
        assertThat(ledger.calls).isEmpty();
    }

    @Test
    void restore_onABusyTable_isDeferredLikeARaise() {
        List<String> calls = new ArrayList<>();

        Action updating = changes.restore(RESTORE, CapacityChanges.Lock.HELD,
                withStatus(provisioned(ORDERS, 100, 150), "UPDATING"), () -> calls.add("restore"), deferral);
        Action inUse = changes.restore(RESTORE, CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 150),
                () -> {
                    throw new ResourceBusyException("UpdateTable orders: the table is being updated");
                }, deferral);

        assertThat(updating.reason()).isEqualTo("deferred: table/orders is UPDATING");
        assertThat(inUse.reason()).isEqualTo("deferred: UpdateTable orders: the table is being updated");
        assertThat(calls).isEmpty();
    }

    @Test
    void restore_refused_failsAloneWithAWSReason() {
        Action done = changes.restore(RESTORE, CapacityChanges.Lock.HELD, provisioned(ORDERS, 100, 150), () -> {
            throw new ActionFailedException("UpdateTable orders: a DynamoDB limit is exceeded (LimitExceededException)", null);
        }, deferral);

        assertThat(done.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(done.reason()).contains("LimitExceededException");
        assertThat(deferred).isEmpty();
    }

    @Test
    void lock_isExclusiveUntilGivenBack() {
        Optional<String> first = changes.lock("orders", NOW);
        Optional<String> second = changes.lock("orders", NOW);
        changes.unlock("orders", first.orElseThrow());
        Optional<String> third = changes.lock("orders", NOW);

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(third).isPresent();
    }
}
