package io.throttleresponder.followup;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.policy.UnnamedTables;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.CapacityChanges;
import io.throttleresponder.model.Cause;
import io.throttleresponder.evidence.Evidence;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.guard.Guard;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Operation;
import io.throttleresponder.guard.PauseSwitch;
import io.throttleresponder.plan.Plan;
import io.throttleresponder.plan.Planner;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.model.TableState;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.evidence.TableTags;
import io.throttleresponder.summary.HotKeySummary;
import io.throttleresponder.summary.Recommendations;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Closes the loop on bursts. A table throttled on its provisioned capacity while its per-minute consumption
 * stays below it gets no raise on the alarm (the planner's "no raise on this evidence": a hot key, or bursts
 * above the per-minute average). When a hot-key summary then finds no dominant key (or Contributor Insights
 * has no data) and the alarm is still in ALARM, capacity is the fix: it is raised as for a table at capacity,
 * the scale factor once per incident, within every cap and the guard's modes. A dominant key gets no capacity.
 */
public final class BurstRaise {

    private final Policy policy;
    private final TableStateReader tables;
    private final TableTags tags;
    private final MetricsReader metrics;
    private final Ledger ledger;
    private final CapacityChanges capacity;
    private final PauseSwitch pauses;
    private final String region;

    public BurstRaise(Policy policy, TableStateReader tables, TableTags tags, MetricsReader metrics, Actuator actuator,
                      Ledger ledger, String region, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.capacity = new CapacityChanges(ledger, ledger, actuator);
        this.pauses = new PauseSwitch(ledger, clock);
        this.region = region;
    }

    /**
     * The raise a summary of a still-alarming incident calls for, made (or guarded); empty when it calls for
     * none: a dominant key, a cause other than provisioned capacity, a raise already made in the incident,
     * or consumption at capacity (the alarm's own response raised then).
     */
    Optional<Action> afterSummary(FollowUp summary, List<HotKeySummary> summaries, TableSettings settings,
                                  Instant now) {
        ResourceId id = summary.resource();
        Operation operation = summary.operation();
        if (operation == null || summaries.stream().anyMatch(s -> s.total() > 0
                && Recommendations.concentrated(s.topShare(), s.top10Share()))) {
            return Optional.empty();
        }
        IncidentRecord record = ledger.incident(id).orElse(null);
        String prefix = operation == Operation.READ ? "Read" : "Write";
        if (record == null || record.changes().stream().anyMatch(c -> c.dimension() == operation)
                || !record.signals().contains(prefix + "ProvisionedThroughputThrottleEvents")
                        && !record.signals().contains(prefix + "ThrottleEvents")) {
            return Optional.empty();
        }
        TableState state;
        try {
            state = tables.read(id);
        } catch (TableNotFoundException gone) {
            return Optional.empty();
        }
        ResourceState resource = state.resource(id).orElse(null);
        OptionalDouble peak = metrics.consumedPeak(id, operation, now);
        if (state.billingMode() != BillingMode.PROVISIONED || resource == null || peak.isEmpty()
                || resource.provisioned(operation) <= 0
                || peak.getAsDouble() >= Planner.NEAR_CAPACITY * resource.provisioned(operation)) {
            return Optional.empty();
        }
        long percent = Math.round(100 * peak.getAsDouble() / resource.provisioned(operation));
        String why = "throttled at " + percent + " % of capacity with no hot key: bursts above the per-minute average";
        History history = ledger.history(id.table());
        // As at capacity: no consumption figure, so the scale factor is the step, within every cap.
        Plan plan = Planner.plan(new Incident(id, operation, Cause.PROVISIONED, prefix + "ProvisionedThroughputThrottleEvents",
                        false), state, settings.withoutContributorInsights(),
                new Evidence(OptionalDouble.empty(), history, Set.of(), metrics.accountProvisionedUtilization(operation, now),
                        settings.actsOnGlobalTableIn(region)));
        Mode mode = Guard.mode(policy, settings, pauses.current().isPresent(), optedIn(id.table()), false);
        Action raise = Guard.apply(plan, mode, settings, history, now).actions().stream()
                .filter(a -> a.type().changesCapacity()).findFirst().orElse(null);
        if (raise == null) {
            return Optional.empty();
        }
        raise = raise.with(raise.status(), why + "; " + raise.reason());
        if (raise.status() != ActionStatus.PLANNED || !mode.executes(raise.type())) {
            return Optional.of(raise);
        }
        Optional<String> owner = capacity.lock(id.table(), now);
        if (owner.isEmpty()) {
            return Optional.of(raise.with(ActionStatus.SKIPPED, raise.reason()
                    + "; another response is changing table " + id.table() + ": the next summary looks again"));
        }
        try {
            ResourceState fresh = tables.read(id).resource(id).orElse(null);
            return Optional.of(capacity.raise(raise, CapacityChanges.Lock.HELD, fresh, settings.cooldown(), now,
                    (change, busy) -> change.with(ActionStatus.SKIPPED, "deferred: " + busy
                            + "; the next summary looks again")));
        } finally {
            capacity.unlock(id.table(), owner.get());
        }
    }

    private boolean optedIn(String table) {
        Optional<UnnamedTables> rule = policy.optInRequiredFor(table);
        return rule.isEmpty() || rule.get().optedIn(tags.tags(table));
    }
}
