package io.throttleresponder.respond;

import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.OthersChange;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.model.TableState;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.policy.ContributorInsightsMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small in-memory implementations of the responder's ports. */
public final class Fakes {

    private Fakes() {}

    public static final class Tables implements TableStateReader {
        public final Map<String, TableState> tables = new ConcurrentHashMap<>();
        public final List<ResourceId> reads = new CopyOnWriteArrayList<>();
        public RuntimeException failure;

        public Tables with(String table, TableState state) {
            tables.put(table, state);
            return this;
        }

        @Override
        public TableState read(ResourceId focus) {
            reads.add(focus);
            if (failure != null) {
                throw failure;
            }
            TableState state = tables.get(focus.table());
            if (state == null) {
                throw new TableNotFoundException(focus.table());
            }
            return state;
        }
    }

    public static final class Metrics implements MetricsReader {
        public Map<Cause, Double> eventsByCause = Map.of();
        /** Per resource, when a test needs the table's and its GSIs' events apart; else {@link #eventsByCause}. */
        public final Map<ResourceId, Map<Cause, Double>> eventsByResource = new ConcurrentHashMap<>();
        public OptionalDouble peak = OptionalDouble.empty();
        public final Map<String, OptionalDouble> peaks = new ConcurrentHashMap<>();
        public final List<String> calls = new CopyOnWriteArrayList<>();

        /** Per operation, when a test needs reads' and writes' events apart. */
        public final Map<Operation, Map<Cause, Double>> eventsByOperation = new ConcurrentHashMap<>();

        @Override
        public Map<Cause, Double> throttleEventsByCause(ResourceId resource, Operation operation, Instant now) {
            calls.add("throttleEventsByCause " + resource + " " + operation + " " + now);
            return eventsByResource.getOrDefault(resource, eventsByOperation.getOrDefault(operation, eventsByCause));
        }

        public OptionalDouble accountUtilization = OptionalDouble.empty();

        @Override
        public OptionalDouble accountProvisionedUtilization(Operation operation, Instant now) {
            return accountUtilization;
        }

        @Override
        public OptionalDouble consumedPeak(ResourceId resource, Operation operation, Instant now) {
            calls.add("consumedPeak " + resource + " " + operation + " " + now);
            return peak;
        }

        @Override
        public OptionalDouble peak(ResourceId resource, String metricName, Instant from, Instant to) {
            calls.add("peak " + resource + " " + metricName);
            return peaks.getOrDefault(metricName, OptionalDouble.empty());
        }
    }

    /** Records each write as one line; throws for the methods named in {@code failing}. */
    public static class Actuator implements io.throttleresponder.act.Actuator {
        public final List<String> calls = new CopyOnWriteArrayList<>();
        public final Set<String> failing = new HashSet<>();

        private void call(String method, String line) {
            if (failing.contains(method)) {
                throw new IllegalStateException(method + " refused (AccessDeniedException)");
            }
            calls.add(line);
        }

        @Override
        public void updateProvisioned(ResourceState current, Operation dimension, long capacityUnits) {
            Operation other = dimension == Operation.READ ? Operation.WRITE : Operation.READ;
            call("updateProvisioned", "updateProvisioned " + current.id() + " " + dimension + " " + capacityUnits
                    + " (" + other + " stays " + current.provisioned(other) + ")");
        }

        @Override
        public void registerScalableTarget(ResourceId resource, Operation dimension, long minCapacity, long maxCapacity) {
            call("registerScalableTarget", "registerScalableTarget " + resource + " " + dimension + " " + minCapacity + "-" + maxCapacity);
        }

        @Override
        public void updateOnDemandMaximum(ResourceState current, Operation dimension, long requestUnits) {
            Operation other = dimension == Operation.READ ? Operation.WRITE : Operation.READ;
            call("updateOnDemandMaximum", "updateOnDemandMaximum " + current.id() + " " + dimension + " " + requestUnits
                    + " (" + other + " stays " + current.onDemandMaximum(other) + ")");
        }

        @Override
        public void enableContributorInsights(ResourceId resource, ContributorInsightsMode mode) {
            call("enableContributorInsights", "enableContributorInsights " + resource + " " + mode);
        }

        @Override
        public void restoreProvisioned(ResourceId resource, long readCapacityUnits, long writeCapacityUnits) {
            call("restoreProvisioned", "restoreProvisioned " + resource + " READ " + readCapacityUnits + " WRITE " + writeCapacityUnits);
        }

        @Override
        public void restoreOnDemandMaximum(ResourceId resource, long maxReadRequestUnits, long maxWriteRequestUnits) {
            call("restoreOnDemandMaximum", "restoreOnDemandMaximum " + resource + " READ " + maxReadRequestUnits
                    + " WRITE " + maxWriteRequestUnits);
        }

        @Override
        public void disableContributorInsights(ResourceId resource) {
            call("disableContributorInsights", "disableContributorInsights " + resource);
        }

        @Override
        public void putScalingPolicy(ResourceId resource, Operation dimension, ScalingPolicy policy) {
            call("putScalingPolicy", "putScalingPolicy " + resource + " " + dimension + " " + policy);
        }
    }

    /**
     * The ledger as maps: a claim is a put-if-absent, a capacity reservation succeeds unless the
     * resource and dimension changed within the cooldown (also counting changes made "elsewhere",
     * by a concurrent invocation the history read did not see).
     */
    public static final class Ledger implements io.throttleresponder.record.Ledger {
        public final Map<String, Instant> claims = Collections.synchronizedMap(new LinkedHashMap<>());
        public final Map<String, Instant> capacityChanges = Collections.synchronizedMap(new LinkedHashMap<>());
        public final Map<String, Instant> changedElsewhere = Collections.synchronizedMap(new LinkedHashMap<>());
        public final Map<String, Long> preIncidentValues = Collections.synchronizedMap(new LinkedHashMap<>());
        public final List<String> released = new CopyOnWriteArrayList<>();
        public final List<Response> records = new CopyOnWriteArrayList<>();
        public final List<String> calls = new CopyOnWriteArrayList<>();
        public final Map<ResourceId, IncidentRecord> incidents = Collections.synchronizedMap(new LinkedHashMap<>());
        public final Map<String, CapacityChange> changeRecords = Collections.synchronizedMap(new LinkedHashMap<>());
        public final Set<ResourceId> insightsEnabled = ConcurrentHashMap.newKeySet();
        public final Map<String, String> locks = new ConcurrentHashMap<>();
        public RuntimeException recordFailure;

        @Override
        public boolean claim(String stateChangeKey, Duration lease, Instant now) {
            calls.add("claim");
            return claims.putIfAbsent(stateChangeKey, now) == null;
        }

        public final Map<String, Instant> latestStateChanges = new ConcurrentHashMap<>();

        @Override
        public boolean advanceAlarm(String alarmName, Instant stateChangeTime, Instant now) {
            Instant latest = latestStateChanges.merge(alarmName, stateChangeTime, (a, b) -> a.isAfter(b) ? a : b);
            return !latest.isAfter(stateChangeTime);
        }

        @Override
        public Claim claimAndLock(String stateChangeKey, Duration claimLease, String table, String owner, Duration lockLease,
                                  Instant now) {
            if (!claim(stateChangeKey, claimLease, now)) {
                return Claim.DUPLICATE;
            }
            return lockTable(table, owner, lockLease, now) ? Claim.CLAIMED_AND_LOCKED : Claim.CLAIMED_LOCK_BUSY;
        }

        @Override
        public void complete(String stateChangeKey) {
            calls.add("complete");
        }

        @Override
        public void release(String stateChangeKey) {
            calls.add("release");
            claims.remove(stateChangeKey);
            released.add(stateChangeKey);
        }

        @Override
        public History history(String table) {
            calls.add("history");
            Map<String, Instant> ofTable = new HashMap<>();
            capacityChanges.forEach((key, at) -> {
                if (key.startsWith("table/" + table + "#") || key.startsWith("table/" + table + "/index/")) {
                    ofTable.put(key, at);
                }
            });
            Map<String, Long> preIncident = new HashMap<>();
            Map<String, Long> lastValues = new HashMap<>();
            Map<String, ActionType> types = new HashMap<>();
            changeRecords.forEach((key, change) -> {
                if (change.resource().table().equals(table)) {
                    preIncident.put(key, change.preIncidentValue());
                    lastValues.put(key, change.lastValue());
                    types.put(key, change.type());
                }
            });
            return new History(ofTable, preIncident, lastValues, types);
        }

        @Override
        public boolean reserveCapacityChange(ResourceId resource, Operation dimension, ActionType type, long before, long after,
                                             Long beforeMaximum, Duration cooldown, Instant now) {
            calls.add("reserveCapacityChange");
            String key = History.key(resource, dimension);
            for (Map<String, Instant> changes : List.of(capacityChanges, changedElsewhere)) {
                Instant last = changes.get(key);
                if (last != null && last.plus(cooldown).isAfter(now)) {
                    return false;
                }
            }
            capacityChanges.put(key, now);
            preIncidentValues.putIfAbsent(key, before);
            CapacityChange previous = changeRecords.get(key);
            // As the ledger: a value someone else set (or another kind of change) is the new base, kept on record.
            boolean others = previous != null && (previous.lastValue() != before || previous.type() != type);
            changeRecords.put(key, previous == null || others
                    ? new CapacityChange(resource, dimension, type, before, beforeMaximum, after, now,
                            others ? new OthersChange(before, now) : null)
                    : new CapacityChange(resource, dimension, type, previous.preIncidentValue(),
                            previous.preIncidentMaximum(), after, now, previous.others()));
            return true;
        }

        @Override
        public void cancelCapacityChange(ResourceId resource, Operation dimension, Instant reservedAt) {
            calls.add("cancelCapacityChange");
            String key = History.key(resource, dimension);
            if (reservedAt.equals(capacityChanges.get(key))) {
                capacityChanges.remove(key);
                changeRecords.remove(key);
            }
        }

        @Override
        public boolean lockTable(String table, String owner, Duration lease, Instant now) {
            calls.add("lockTable");
            return locks.putIfAbsent(table, owner) == null;
        }

        @Override
        public void unlockTable(String table, String owner) {
            calls.add("unlockTable");
            locks.remove(table, owner);
        }

        public Pause pause;

        @Override
        public Optional<Pause> pause() {
            calls.add("pause?");
            return Optional.ofNullable(pause);
        }

        @Override
        public void pause(Pause value) {
            pause = value;
        }

        @Override
        public void resume() {
            pause = null;
        }

        @Override
        public void record(Response response, Instant now) {
            calls.add("record");
            if (recordFailure != null) {
                throw recordFailure;
            }
            records.add(response);
        }

        @Override
        public void noteAlarm(ResourceId resource, String alarmName, String signal, Instant at, Double throttlesPerMinute) {
            calls.add("noteAlarm");
            IncidentRecord current = incidents.get(resource);
            Set<String> alarms = new HashSet<>(current == null ? Set.of() : current.alarms());
            alarms.add(alarmName);
            Set<String> signals = new HashSet<>(current == null ? Set.of() : current.signals());
            signals.add(signal);
            incidents.put(resource, new IncidentRecord(resource, current == null ? at : current.startedAt(), at,
                    current == null ? null : current.okAt(), alarms, signals, List.of(), false));
        }

        @Override
        public void noteContributorInsightsEnabled(ResourceId resource, String mode, Instant at) {
            calls.add("noteContributorInsightsEnabled");
            insightsEnabled.add(resource);
        }

        @Override
        public void noteOk(ResourceId resource, Instant at) {
            calls.add("noteOk");
            IncidentRecord current = incidents.get(resource);
            incidents.put(resource, new IncidentRecord(resource, current == null ? null : current.startedAt(),
                    current == null ? null : current.lastAlarmAt(), at,
                    current == null ? Set.of() : current.alarms(), current == null ? Set.of() : current.signals(), List.of(), false));
        }

        @Override
        public List<IncidentRecord> incidents(String table) {
            calls.add("incidents");
            Set<ResourceId> resources = new LinkedHashSet<>(incidents.keySet());
            changeRecords.values().forEach(c -> resources.add(c.resource()));
            resources.addAll(insightsEnabled);
            return resources.stream().filter(r -> r.table().equals(table)).map(this::incident).flatMap(Optional::stream).toList();
        }

        @Override
        public Optional<IncidentRecord> incident(ResourceId resource) {
            calls.add("incident");
            List<CapacityChange> changes = changeRecords.values().stream().filter(c -> c.resource().equals(resource)).toList();
            List<PolicyChange> tuned = policyChanges.values().stream().filter(c -> c.resource().equals(resource)).toList();
            IncidentRecord current = incidents.get(resource);
            if (current == null && changes.isEmpty() && !insightsEnabled.contains(resource) && tuned.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IncidentRecord(resource,
                    current == null ? null : current.startedAt(), current == null ? null : current.lastAlarmAt(),
                    current == null ? null : current.okAt(), current == null ? Set.of() : current.alarms(),
                    current == null ? Set.of() : current.signals(), changes, insightsEnabled.contains(resource), null, tuned));
        }

        /** The tuned policies, one per resource and dimension, as the ledger's conditional put keeps them. */
        public final Map<String, PolicyChange> policyChanges = Collections.synchronizedMap(new LinkedHashMap<>());

        @Override
        public boolean reservePolicyChange(PolicyChange change) {
            calls.add("reservePolicyChange " + change.dimension());
            return policyChanges.putIfAbsent(History.key(change.resource(), change.dimension()), change) == null;
        }

        @Override
        public void cancelPolicyChange(PolicyChange change) {
            calls.add("cancelPolicyChange " + change.dimension());
            policyChanges.remove(History.key(change.resource(), change.dimension()), change);
        }

        @Override
        public void forgetPolicyChange(PolicyChange change) {
            calls.add("forgetPolicyChange " + change.dimension());
            policyChanges.remove(History.key(change.resource(), change.dimension()));
        }

        @Override
        public void forget(ResourceId resource, List<CapacityChange> changes, boolean contributorInsights) {
            calls.add("forget");
            changes.forEach(c -> changeRecords.remove(History.key(c.resource(), c.dimension())));
            if (contributorInsights) {
                insightsEnabled.remove(resource);
            }
            if (incident(resource).map(i -> !i.hasSomethingToUndo()).orElse(true)) {
                incidents.remove(resource);
            }
        }

        @Override
        public void noteRestored(CapacityChange change, long value) {
            calls.add("noteRestored " + change.dimension() + " " + value);
            changeRecords.computeIfPresent(History.key(change.resource(), change.dimension()),
                    (key, c) -> new CapacityChange(c.resource(), c.dimension(), c.type(), c.preIncidentValue(),
                            c.preIncidentMaximum(), value, c.lastChangedAt(), c.others()));
        }
    }

    public static final class Notifier implements io.throttleresponder.notify.Notifier {
        public final List<IncidentMessage> published = new CopyOnWriteArrayList<>();
        public RuntimeException failure;

        @Override
        public void publish(IncidentMessage message) {
            if (failure != null) {
                throw failure;
            }
            published.add(message);
        }
    }

    public static final class FollowUps implements FollowUpScheduler {
        public final List<FollowUp> scheduled = new CopyOnWriteArrayList<>();
        public final List<Duration> delays = new CopyOnWriteArrayList<>();

        @Override
        public void schedule(FollowUp followUp, Duration delay) {
            scheduled.add(followUp);
            delays.add(delay);
        }
    }
}
