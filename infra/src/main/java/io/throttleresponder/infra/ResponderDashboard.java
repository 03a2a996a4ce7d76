package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.ResponderMetrics;
import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** One dashboard per deployment: throttles by cause and capacity per watched table and GSI, then the responder and its follow-ups. */
final class ResponderDashboard extends Construct {


    /** The follow-up handler, the queue it consumes and that queue's dead-letter queue. */
    record FollowUps(IFunction handler, IQueue queue, IQueue deadLetterQueue) {
    }

    /** An alarm status widget shows at most 100 alarms. */
    static final int ALARMS_PER_STATUS_WIDGET = 100;

    /**
     * @param tables the named tables whose graphs this dashboard shows (those of further alarm stacks have
     *     dashboards of their own, {@link #forTables})
     * @param alarms the status of these alarms is shown
     */
    ResponderDashboard(Construct scope, String id, ResponderConfig config, String metricsNamespace, List<WatchedTable> tables,
            List<? extends IAlarm> alarms, IFunction responder, IQueue deadLetterQueue, FollowUps followUps) {
        super(scope, id);
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(config.deploymentName())
                .build();
        dashboard.addWidgets(header("# %s\nThrottles by cause and capacity for each watched table and GSI; the responder's own"
                + " actions at the bottom.", config.deploymentName()));
        addTables(dashboard, tables, alarms);
        dashboard.addWidgets(responderActions(config.deploymentName(), metricsNamespace),
                responderActionsByTable(config.deploymentName(), metricsNamespace));
        dashboard.addWidgets(responderHealth(responder, deadLetterQueue), durations(responder, followUps.handler()));
        dashboard.addWidgets(followUpHealth(followUps), followUpDelay(followUps.queue()));
        dashboard.addWidgets(recentDecisions(responder));
    }

    /** A dashboard of its own for the tables of a further alarm stack: their alarms' status and their graphs. */
    static Dashboard forTables(Construct scope, String id, String dashboardName, List<WatchedTable> tables,
                               List<? extends IAlarm> alarms) {
        Dashboard dashboard = Dashboard.Builder.create(scope, id).dashboardName(dashboardName).build();
        dashboard.addWidgets(header("# %s\nThrottles by cause and capacity of %s to %s; the responder itself is on its main"
                + " dashboard.", dashboardName, tables.get(0).name(), tables.get(tables.size() - 1).name()));
        addTables(dashboard, tables, alarms);
        return dashboard;
    }

    private static IWidget header(String markdown, Object... values) {
        return TextWidget.Builder.create().markdown(markdown.formatted(values)).width(24).height(2).build();
    }

    private static void addTables(Dashboard dashboard, List<WatchedTable> tables, List<? extends IAlarm> alarms) {
        for (int from = 0; from < alarms.size(); from += ALARMS_PER_STATUS_WIDGET) {
            List<? extends IAlarm> shown = alarms.subList(from, Math.min(alarms.size(), from + ALARMS_PER_STATUS_WIDGET));
            dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                    .title("Alarm status" + (alarms.size() > ALARMS_PER_STATUS_WIDGET
                            ? " (%d to %d of %d)".formatted(from + 1, from + shown.size(), alarms.size()) : ""))
                    .alarms(List.copyOf(shown))
                    .width(24)
                    .build());
        }
        tables.stream().flatMap(table -> WatchedTarget.of(table).stream()).forEach(target -> {
            dashboard.addWidgets(throttlesByCause(target), capacity(target));
            List<IWidget> more = new ArrayList<>();
            if (target.billingMode() == BillingMode.PROVISIONED) {
                more.add(utilization(target));
            }
            if (target.signals().contains(AlarmSignal.SUCCESSFUL_REQUEST_LATENCY)) {
                more.add(latency(target));
            }
            if (!more.isEmpty()) {
                dashboard.addWidgets(more.toArray(IWidget[]::new));
            }
        });
    }

    private static IWidget throttlesByCause(WatchedTarget target) {
        List<IMetric> metrics = target.signals().stream()
                .filter(signal -> signal.kind() == AlarmSignal.Kind.THROTTLE_EVENTS)
                .<IMetric>map(signal -> DynamoDbMetrics.throttleEvents(signal, target)
                        .with(MetricOptions.builder().label(signal.signalName()).build()))
                .toList();
        return GraphWidget.Builder.create().title(target.label() + ": throttle events by cause (per minute)").left(metrics)
                .leftAnnotations(List.of(threshold(target.table().thresholds().throttleEventsPerMinute(), "alarm threshold")))
                .width(12).height(6).build();
    }

    private static IWidget utilization(WatchedTarget target) {
        List<IMetric> metrics = List.of(DynamoDbMetrics.utilization("Read", target, "consumedRead", "provisionedRead"),
                DynamoDbMetrics.utilization("Write", target, "consumedWrite", "provisionedWrite"));
        return GraphWidget.Builder.create().title(target.label() + ": capacity utilization (% of provisioned)").left(metrics)
                .leftAnnotations(List.of(threshold(target.table().thresholds().utilizationPercent(), "alarm threshold")))
                .width(12).height(6).build();
    }

    private static IWidget latency(WatchedTarget target) {
        return GraphWidget.Builder.create().title(target.label() + ": average request latency (ms)")
                .left(List.of(DynamoDbMetrics.averageLatency(target)))
                .leftAnnotations(List.of(threshold(target.table().thresholds().latencyMilliseconds(), "alarm threshold")))
                .width(12).height(6).build();
    }

    private static HorizontalAnnotation threshold(double value, String label) {
        return HorizontalAnnotation.builder().value(value).label(label).build();
    }

    private static IWidget capacity(WatchedTarget target) {
        List<IMetric> metrics = new ArrayList<>();
        for (String direction : List.of("Read", "Write")) {
            metrics.add(DynamoDbMetrics.consumedPerSecond(direction, "consumed" + direction, target));
            if (target.billingMode() == BillingMode.PROVISIONED) {
                metrics.add(DynamoDbMetrics.provisioned(direction, target));
            }
        }
        return graph(target.label() + (target.billingMode() == BillingMode.PROVISIONED
                ? ": capacity consumed against provisioned (units per second)"
                : ": capacity consumed, on-demand (request units per second)"), metrics);
    }

    private static IWidget responderActions(String serviceName, String metricsNamespace) {
        List<IMetric> metrics = ResponderMetrics.NAMES.stream()
                .<IMetric>map(name -> Metric.Builder.create()
                        .namespace(metricsNamespace)
                        .metricName(name)
                        .dimensionsMap(Map.of("Service", serviceName))
                        .statistic("Sum")
                        .period(DynamoDbMetrics.PERIOD)
                        .build())
                .toList();
        return graph("Responder actions and notifications", metrics);
    }

    /** The responder's actions per table: its metrics carry a TableName dimension beside Service. */
    private static IWidget responderActionsByTable(String serviceName, String metricsNamespace) {
        List<IMetric> metrics = List.of("ActionsApplied", "ActionsFailed").stream()
                .<IMetric>map(name -> MathExpression.Builder.create()
                        .expression("SEARCH('{%s,Service,TableName} Service=\"%s\" MetricName=\"%s\"', 'Sum', 60)"
                                .formatted(metricsNamespace, serviceName, name))
                        .label(name)
                        .period(DynamoDbMetrics.PERIOD)
                        .build())
                .toList();
        return graph("Responder actions by table", metrics);
    }

    private static IWidget durations(IFunction responder, IFunction followUpHandler) {
        return graph("Function duration (ms): responder and follow-ups, average and maximum", List.of(
                duration(responder, "Average", "responder average"),
                duration(responder, "Maximum", "responder maximum"),
                duration(followUpHandler, "Average", "follow-ups average"),
                duration(followUpHandler, "Maximum", "follow-ups maximum")));
    }

    private static IMetric duration(IFunction function, String statistic, String label) {
        return function.metricDuration().with(MetricOptions.builder().period(DynamoDbMetrics.PERIOD).statistic(statistic)
                .label(label).build());
    }

    /** The responder's last decisions, from its one structured line per notification. */
    private static IWidget recentDecisions(IFunction responder) {
        return LogQueryWidget.Builder.create()
                .title("Responder's recent decisions")
                // The stack names each function's log group as Lambda does.
                .logGroupNames(List.of("/aws/lambda/" + responder.getFunctionName()))
                .queryLines(List.of(
                        "fields @timestamp, outcome, alarm, incident, reason, actions",
                        "filter message = 'alarm handled' or message = 'alarm not handled'",
                        "sort @timestamp desc",
                        "limit 50"))
                .width(24)
                .height(8)
                .build();
    }

    private static IWidget responderHealth(IFunction responder, IQueue deadLetterQueue) {
        return graph("Responder health: errors, throttles, failed deliveries", List.of(
                responder.metricErrors().with(periodOnly()),
                responder.metricThrottles().with(periodOnly()),
                deadLetterQueue.metricApproximateNumberOfMessagesVisible().with(periodOnly())));
    }

    private static IWidget followUpHealth(FollowUps followUps) {
        return graph("Follow-ups: errors, throttles, failed messages", List.of(
                followUps.handler().metricErrors().with(periodOnly()),
                followUps.handler().metricThrottles().with(periodOnly()),
                followUps.deadLetterQueue().metricApproximateNumberOfMessagesVisible().with(periodOnly())));
    }

    /** Follow-ups are delayed by design, at most 15 minutes at a time; an age well past that means the handler is not keeping up. */
    private static IWidget followUpDelay(IQueue followUpQueue) {
        return graph("Follow-ups: age of the oldest waiting message (seconds)", List.of(
                followUpQueue.metricApproximateAgeOfOldestMessage().with(MetricOptions.builder()
                        .statistic("Maximum")
                        .period(DynamoDbMetrics.PERIOD)
                        .build())));
    }

    private static MetricOptions periodOnly() {
        return MetricOptions.builder().period(DynamoDbMetrics.PERIOD).build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
    }
}
