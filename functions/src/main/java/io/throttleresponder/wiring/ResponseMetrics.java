package io.throttleresponder.wiring;

import io.throttleresponder.contract.DynamoDbNames;
import io.throttleresponder.contract.ResponderMetrics;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The responder's own metrics, through Powertools Metrics: one embedded-metric-format line per
 * notification, by Service, and by Service and TableName so the dashboard shows the actions of each table.
 */
public final class ResponseMetrics {


    /** The TableName of a notification that names no table (rejected, or failed before its diagnosis). */
    static final String NO_TABLE = "-";

    static final String DEFAULT_SERVICE = "throttle-responder";

    private final Metrics metrics;

    private ResponseMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Powertools' instance, namespace and Service from POWERTOOLS_METRICS_NAMESPACE and
     * POWERTOOLS_SERVICE_NAME; in Lambda the library writes to standard output, which CloudWatch Logs reads.
     */
    public static ResponseMetrics fromEnvironment(Map<String, String> env) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        if (env.get("POWERTOOLS_METRICS_NAMESPACE") == null) {
            metrics.setNamespace(ResponderMetrics.NAMESPACE);
        }
        return new ResponseMetrics(metrics);
    }

    /**
     * The same metrics, under the default namespace and service, handed line by line to {@code lines}: for the local runner and the tests, which keep
     * standard output for their own results. Outside Lambda the library would otherwise probe EC2 and ECS
     * metadata and send to a CloudWatch agent. Powertools has no public way to choose the library's
     * environment, so its EMF logger is built here with one.
     */
    public static ResponseMetrics writingLinesTo(Consumer<String> lines) {
        Metrics metrics = new EmfMetricsLogger(new FixedEnvironment(lines), new MetricsContext());
        metrics.setNamespace(ResponderMetrics.NAMESPACE);
        metrics.setDefaultDimensions(DimensionSet.of("Service", DEFAULT_SERVICE));
        return new ResponseMetrics(metrics);
    }

    /** Counts the response's changes by status (not the notify that reports them) and its outcome. */
    public void record(Response response, Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("ActionsApplied", count(response, ActionStatus.APPLIED));
        counts.put("ActionsPlanned", count(response, ActionStatus.PLANNED));
        counts.put("ActionsFailed", count(response, ActionStatus.FAILED));
        counts.put("NotificationsIgnored", response.outcome() == Outcome.IGNORED ? 1L : 0L);
        counts.put("NotificationsRejected", response.outcome() == Outcome.REJECTED ? 1L : 0L);
        counts.put("NotificationsFailed", 0L);
        flush(response.incident() == null ? null : response.incident().resource().table(), counts, now);
    }

    /**
     * A notification whose response failed, to be retried by Lambda: only the failure counts, under the
     * table the alarm names (null when it names none), so the table's dashboard shows it.
     */
    public void recordFailure(String table, Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ResponderMetrics.NAMES.forEach(name -> counts.put(name, name.equals("NotificationsFailed") ? 1L : 0L));
        flush(table, counts, now);
    }

    private void flush(String named, Map<String, Long> counts, Instant now) {
        // An alarm may name anything; CloudWatch takes only a valid dimension value, and a table name is one.
        String table = DynamoDbNames.isValid(named) ? named : NO_TABLE;
        // Powertools writes its default set (Service) alone and each added set alone: Service goes into this one.
        Map<String, String> byServiceAndTable = new LinkedHashMap<>(metrics.getDefaultDimensions().getDimensions());
        byServiceAndTable.put("TableName", table);
        metrics.addDimension(DimensionSet.of(byServiceAndTable));
        counts.forEach((name, value) -> metrics.addMetric(name, value, MetricUnit.COUNT));
        metrics.setTimestamp(now);
        metrics.flush();
    }

    private static long count(Response response, ActionStatus status) {
        return response.actions().stream()
                .filter(a -> a.type() != ActionType.NOTIFY && a.status() == status)
                .count();
    }

    private static final class FixedEnvironment extends EnvironmentProvider implements Environment, ISink {
        private final Consumer<String> lines;

        FixedEnvironment(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public Environment getDefaultEnvironment() {
            return this;
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "Local";
        }

        @Override
        public String getType() {
            return "Local";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public void configureContext(MetricsContext context) {
            // Nothing to add: the Lambda environment's function name and version have no meaning here.
        }

        @Override
        public ISink getSink() {
            return this;
        }

        @Override
        public void accept(MetricsContext context) {
            try {
                context.serialize().forEach(lines);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("metrics not serialized: " + e.getMessage(), e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
