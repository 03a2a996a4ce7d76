package io.throttleresponder.plan;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.diagnose.CauseRefinement;
import io.throttleresponder.diagnose.IndexEvents;
import io.throttleresponder.evidence.Evidence;
import io.throttleresponder.evidence.EvidenceReads;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.guard.Guard;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.TableState;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.policy.UnnamedTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * From the table's state and the evidence read ahead of it to a guarded plan: refines an aggregate alarm's
 * cause, plans, adds the opt-in finding, and lets the guard decide the mode once.
 */
public final class ResponsePlanner {

    private final Policy policy;
    private final MetricsReader metrics;
    /** The responder's own Region, where a global table's replica is acted on. */
    private final String region;
    /** PLAN_ONLY when the wiring made this a plan-only responder; otherwise the Guard decides per response. */
    private final Mode wiredMode;

    public ResponsePlanner(Policy policy, MetricsReader metrics, String region, Mode wiredMode) {
        this.policy = policy;
        this.metrics = metrics;
        this.region = region;
        this.wiredMode = wiredMode;
    }

    /** The refined incident, its guarded plan, and the mode the guard decided. */
    public record Decision(Incident incident, Plan plan, Mode mode) {}

    /** Refines the cause, plans and guards, from the state and what was fetched ahead of it. */
    public Decision decide(Incident incident, TableSettings settings, TableState state, Instant now, EvidenceReads.Prefetched prefetched,
                            boolean muted) {
        ResourceId alarmed = incident.resource();
        Set<Cause> alsoShown = Set.of();
        if (incident.aggregate()) {
            Map<Cause, Double> events = EvidenceReads.await(prefetched.byCause());
            incident = CauseRefinement.refine(incident, events, indexEvents(incident, events, state, prefetched), state);
            alsoShown = incident.resource().equals(alarmed) ? CauseRefinement.alsoShown(incident, events) : Set.of();
        }
        // Refined to a GSI: the planner needs that GSI's consumption, not the table's.
        OptionalDouble peak = !EvidenceReads.needsPeak(incident) ? OptionalDouble.empty()
                : incident.resource().equals(alarmed) ? EvidenceReads.await(prefetched.peak())
                : metrics.consumedPeak(incident.resource(), incident.operation(), now);
        History history = EvidenceReads.await(prefetched.history());
        OptionalDouble accountUtilization = state.billingMode() == BillingMode.PROVISIONED
                ? EvidenceReads.await(prefetched.accountUtilization()) : OptionalDouble.empty();
        boolean optedIn = EvidenceReads.await(prefetched.optedIn());
        UnnamedTables optInRule = policy.optInRequiredFor(incident.resource().table()).orElse(null);
        // Without the opt-in, Contributor Insights only where the policy allows it; capacity the guard holds back.
        TableSettings planning = optedIn || optInRule.contributorInsightsWithoutOptIn() ? settings
                : settings.withoutContributorInsights();
        Plan plan = Planner.plan(incident, state, planning, new Evidence(peak, history, alsoShown, accountUtilization,
                settings.actsOnGlobalTableIn(region)));
        if (!optedIn) {
            List<String> findings = new ArrayList<>(plan.findings());
            findings.add(optInRule.howToOptIn(incident.resource().table()));
            plan = new Plan(plan.actions(), findings);
        }
        Mode mode = wiredMode != null ? wiredMode
                : Guard.mode(policy, settings, EvidenceReads.await(prefetched.pause()).isPresent(), optedIn, muted);
        return new Decision(incident, Guard.apply(plan, mode, settings, history, now), mode);
    }

    /**
     * The GSIs' per-cause events, read in the first round, when a table's aggregate alarm shows no capacity
     * cause of its own: an index short of capacity may be what throttles it.
     */
    private static Map<ResourceId, Map<Cause, Double>> indexEvents(Incident incident, Map<Cause, Double> tableEvents,
                                                                   TableState state, EvidenceReads.Prefetched prefetched) {
        if (incident.resource().isIndex() || state.indexes().isEmpty() || CauseRefinement.showsCapacityCause(tableEvents)) {
            return Map.of();
        }
        return IndexEvents.ofPresent(EvidenceReads.await(prefetched.byIndexAndCause()), state);
    }
}
