package io.throttleresponder.infra;

import io.throttleresponder.infra.config.BillingMode;
import io.throttleresponder.infra.config.ResponderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** One dashboard per deployment: throttles by cause and capacity per watched table and GSI, then the responder and its follow-ups. */
final class ResponderDashboard extends Construct {

    /** docs/contracts.md, "Responder metrics". */
    static final List<String> RESPONDER_METRICS =
            List.of("ActionsApplied", "ActionsPlanned", "ActionsFailed", "NotificationsIgnored", "NotificationsRejected",
                    "NotificationsFailed");

    /** The follow-up handler, the queue it consumes and that queue's dead-letter queue. */
    record FollowUps(IFunction handler, IQueue queue, IQueue deadLetterQueue) {
    }

    ResponderDashboard(Construct scope, String id, ResponderConfig config, String metricsNamespace,
            IFunction responder, IQueue deadLetterQueue, FollowUps followUps) {
        super(scope, id);
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(config.deploymentName())
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# %s\nThrottles by cause and capacity for each watched table and GSI; the responder's own actions at the bottom."
                        .formatted(config.deploymentName()))
                .width(24)
                .height(2)
                .build());
        config.tables().stream().flatMap(table -> WatchedTarget.of(table).stream()).forEach(target ->
                dashboard.addWidgets(throttlesByCause(target), capacity(target)));
        dashboard.addWidgets(responderActions(config.deploymentName(), metricsNamespace),
                responderHealth(responder, deadLetterQueue));
        dashboard.addWidgets(followUpHealth(followUps), followUpDelay(followUps.queue()));
    }

    private static IWidget throttlesByCause(WatchedTarget target) {
        List<IMetric> metrics = target.signals().stream()
                .filter(signal -> signal.kind() == AlarmSignal.Kind.THROTTLE_EVENTS)
                .<IMetric>map(signal -> DynamoDbMetrics.throttleEvents(signal, target)
                        .with(MetricOptions.builder().label(signal.signalName()).build()))
                .toList();
        return graph(target.label() + ": throttle events by cause (per minute)", metrics);
    }

    private static IWidget capacity(WatchedTarget target) {
        List<IMetric> metrics = new ArrayList<>();
        for (String direction : List.of("Read", "Write")) {
            metrics.add(DynamoDbMetrics.consumedPerSecond(direction, "consumed" + direction, target));
            if (target.billingMode() == BillingMode.PROVISIONED) {
                metrics.add(DynamoDbMetrics.provisioned(direction, target));
            }
        }
        return graph(target.label() + ": capacity consumed against provisioned (units per second)", metrics);
    }

    private static IWidget responderActions(String serviceName, String metricsNamespace) {
        List<IMetric> metrics = RESPONDER_METRICS.stream()
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
