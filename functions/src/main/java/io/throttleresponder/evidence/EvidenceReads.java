package io.throttleresponder.evidence;

import io.throttleresponder.diagnose.IndexEvents;
import io.throttleresponder.guard.PauseSwitch;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.record.IncidentLedger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads a response needs before it plans, sent at once on their own threads: the per-cause events
 * that refine a read+write alarm's operation, then the metrics, history, pause, opt-in and sensor keys.
 */
public final class EvidenceReads {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceReads.class);
    /**
     * The widest round: the claim and lock, the alarm's latest state change, history, three metric reads,
     * the pause, an unnamed table's tags and the GSIs' names; then the table's read beside the GSIs' metrics.
     */
    static final int PARALLEL_CALLS = 10;

    private final Policy policy;
    private final TableStateReader tables;
    /** Null unless the policy watches unnamed tables. */
    private final TableTags tags;
    private final MetricsReader metrics;
    private final IncidentLedger incidents;
    private final PauseSwitch pauses;
    /** Null unless the policy's sensor names log groups. */
    private final ApplicationKeyReader applicationKeys;
    /** False for a wired mode (plan only): it is not the operator's to pause. */
    private final boolean pausable;
    /** Runs the independent AWS calls of a response at once; built at init, daemon threads. */
    private final ExecutorService reads = Executors.newFixedThreadPool(PARALLEL_CALLS, runnable -> {
        Thread thread = new Thread(runnable, "responder-call");
        thread.setDaemon(true);
        return thread;
    });

    public EvidenceReads(Policy policy, TableStateReader tables, TableTags tags, MetricsReader metrics,
                         IncidentLedger incidents, PauseSwitch pauses, ApplicationKeyReader applicationKeys,
                         boolean pausable) {
        this.policy = policy;
        this.tables = tables;
        this.tags = tags;
        this.metrics = metrics;
        this.incidents = incidents;
        this.pauses = pauses;
        this.applicationKeys = applicationKeys;
        this.pausable = pausable;
    }

    /** Sends one more call of the response beside these reads (the claim, the lock, the table's read). */
    public <T> Future<T> submit(Callable<T> call) {
        return reads.submit(call);
    }

    /** What the first round of calls fetched, before the table's state was known. */
    public record Prefetched(Future<Map<Cause, Double>> byCause, Future<Map<ResourceId, Map<Cause, Double>>> byIndexAndCause,
                              Future<OptionalDouble> peak, Future<History> history, Future<OptionalDouble> accountUtilization,
                              Future<Optional<Pause>> pause, Future<Boolean> optedIn) {}

    /**
     * The sensor's hot keys for the first message of a throttle, queried once the state change is this
     * response's (a duplicate delivery starts no query) and beside the table's read: the capacity change
     * never waits for them. Null without a sensor's log groups.
     */
    public Future<ApplicationKeys> queryApplicationKeys(Incident incident, Instant now) {
        return applicationKeys == null || !incident.cause().isThrottle() ? null
                : reads.submit(() -> applicationKeys.topKeys(incident.resource(), now));
    }

    /** The keys, after the changes are made; a query that failed is said in the message, and changes nothing else. */
    public static ApplicationKeys awaitApplicationKeys(Future<ApplicationKeys> query) {
        if (query == null) {
            return null;
        }
        try {
            return await(query);
        } catch (RuntimeException e) {
            LOG.warn("the sensor's hot keys could not be read", e);
            return ApplicationKeys.failed(e);
        }
    }

    /** Only these causes can lead to a capacity change (an aggregate alarm may be refined to one of them). */
    public static boolean mayChangeCapacity(Incident incident) {
        return incident.aggregate() || needsPeak(incident);
    }

    /**
     * Sends, at once, the reads planning may need that do not depend on the table's state; the per-cause
     * events already read to learn the operation are not read again.
     */
    public Prefetched prefetch(Refined refined, Instant now) {
        Incident incident = refined.incident();
        boolean mayChangeCapacity = mayChangeCapacity(incident);
        return new Prefetched(
                !incident.aggregate() ? done(Map.of())
                        : refined.eventsByCause() != null ? done(refined.eventsByCause())
                        : reads.submit(() -> metrics.throttleEventsByCause(incident.resource(), incident.operation(), now)),
                IndexEvents.prefetch(incident, tables, metrics, reads, now),
                mayChangeCapacity
                        ? reads.submit(() -> metrics.consumedPeak(incident.resource(), incident.operation(), now))
                        : done(OptionalDouble.empty()),
                !mayChangeCapacity
                        ? done(History.EMPTY)
                        : reads.submit(() -> incidents.history(incident.resource().table())),
                // The account's quota bounds provisioned capacity only (on-demand maxima have none); a hot partition raises none.
                mayChangeCapacity && incident.cause() != Cause.MAX_ON_DEMAND && incident.cause() != Cause.KEY_RANGE
                        ? reads.submit(() -> metrics.accountProvisionedUtilization(incident.operation(), now))
                        : done(OptionalDouble.empty()),
                // A wired mode (plan only) is not the operator's to pause.
                !pausable ? done(Optional.empty()) : reads.submit(pauses::current),
                policy.optInRequiredFor(incident.resource().table())
                        .<Future<Boolean>>map(rule -> reads.submit(() -> rule.optedIn(tags.tags(incident.resource().table()))))
                        .orElse(done(true)));
    }

    /**
     * A read+write alarm (the sum of ReadThrottleEvents and WriteThrottleEvents) is answered for the
     * operation whose per-cause metrics show more throttling; when neither has datapoints yet, for
     * neither: the plan then changes no capacity and says so.
     */
    public Refined refineOperation(Incident incident, Instant now) {
        if (incident.operation() != null || !incident.aggregate()) {
            return new Refined(incident, null);
        }
        Future<Map<Cause, Double>> read = reads.submit(() -> metrics.throttleEventsByCause(incident.resource(), Operation.READ, now));
        Future<Map<Cause, Double>> write = reads.submit(() -> metrics.throttleEventsByCause(incident.resource(), Operation.WRITE, now));
        Map<Cause, Double> readsByCause = await(read);
        Map<Cause, Double> writesByCause = await(write);
        double readEvents = readsByCause.values().stream().mapToDouble(Double::doubleValue).sum();
        double writeEvents = writesByCause.values().stream().mapToDouble(Double::doubleValue).sum();
        if (readEvents <= 0 && writeEvents <= 0) {
            return new Refined(new Incident(incident.resource(), null, Cause.UNKNOWN, incident.signal(), false), null);
        }
        return writeEvents >= readEvents ? new Refined(incident.withOperation(Operation.WRITE), writesByCause)
                : new Refined(incident.withOperation(Operation.READ), readsByCause);
    }

    /** An incident whose operation is known, with the per-cause events read to learn it (null when none were). */
    public record Refined(Incident incident, Map<Cause, Double> eventsByCause) {}

    /** The causes a capacity change (or a hot partition's scaler tuning) answers, sized by the consumed peak. */
    public static boolean needsPeak(Incident incident) {
        return incident.cause() == Cause.PROVISIONED || incident.cause() == Cause.UTILIZATION
                || incident.cause() == Cause.MAX_ON_DEMAND || incident.cause() == Cause.KEY_RANGE;
    }

    public static <T> Future<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** The value, or the call's own exception: the reads run on other threads, their failures are this one's. */
    public static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for AWS", e);
        }
    }
}
