package io.throttleresponder.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Faults the sandbox's stand-ins inject before they serve a call: an operation on a table (or on any
 * table) fails the next N times, and a busy table reports UPDATING. Tests use it to prove what the
 * responder does when AWS misbehaves.
 */
public final class Faults {

    private record Rule(String operation, String table, Supplier<RuntimeException> failure, AtomicInteger passing,
                        AtomicInteger remaining) {}

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> busyUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    public Faults(Clock clock) {
        this.clock = clock;
    }

    /**
     * The next {@code times} calls of {@code operation} (e.g. "UpdateTable") on {@code table} (null: any) fail.
     * A transaction's items count as their own operations: PutItem, UpdateItem, DeleteItem, ConditionCheck.
     */
    public void fail(String operation, String table, int times, Supplier<RuntimeException> failure) {
        failAfter(operation, table, 0, times, failure);
    }

    /** Like {@link #fail}, after letting the first {@code passing} matching calls through. */
    public void failAfter(String operation, String table, int passing, int times, Supplier<RuntimeException> failure) {
        rules.add(new Rule(operation, table, failure, new AtomicInteger(passing), new AtomicInteger(times)));
    }

    /** The table reports UPDATING and refuses UpdateTable until {@link #idle}. */
    public void busy(String table) {
        busyUntil.put(table, Instant.MAX);
    }

    /** The table reports UPDATING and refuses UpdateTable until the clock reaches now plus {@code duration}. */
    public void busyFor(String table, Duration duration) {
        busyUntil.put(table, clock.instant().plus(duration));
    }

    public void idle(String table) {
        busyUntil.remove(table);
    }

    public boolean isBusy(String table) {
        Instant until = busyUntil.get(table);
        return until != null && clock.instant().isBefore(until);
    }

    public void clear() {
        rules.clear();
        busyUntil.clear();
    }

    /** Throws the injected failure if one matches this call. */
    void check(String operation, String table) {
        for (Rule rule : rules) {
            if (rule.operation().equals(operation) && (rule.table() == null || rule.table().equals(table))
                    && rule.passing().getAndUpdate(n -> Math.max(0, n - 1)) == 0
                    && rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw rule.failure().get();
            }
        }
    }
}
