package io.throttleresponder.sandbox.alarms;

import io.throttleresponder.infra.AlarmDefinition;
import io.throttleresponder.infra.AlarmDefinitions;
import io.throttleresponder.sandbox.InMemoryCloudWatch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.model.AlarmContributor;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The stack's alarms, evaluated as CloudWatch evaluates metric alarms, on the sandbox's CloudWatch and
 * clock: at each of an alarm's period boundaries, the last EvaluationPeriods datapoints of its metric or
 * expression; ALARM when at least DatapointsToAlarm of them breach, OK otherwise; when every one is
 * missing, TreatMissingData decides, except that an alarm on AWS/DynamoDB metrics always ignores missing
 * data and stays in its state. A new alarm is INSUFFICIENT_DATA. Each state change is returned with the
 * reason and datapoints its notification carries. Alarms on a Metrics Insights query are evaluated per
 * time series by {@link MetricsInsightsEvaluation}.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html">Alarm evaluation: period, evaluation periods, datapoints to alarm, missing data</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm, TreatMissingData: the AWS/DynamoDB rule</a>
 */
public final class AlarmEvaluator {

    /**
     * How many periods the sandbox reads for one evaluation. CloudWatch reads more datapoints than
     * EvaluationPeriods (its evaluation range); 5 reach back to DynamoDB's last 5-minute
     * Provisioned*CapacityUnits datapoint, which FILL(m, REPEAT) carries forward.
     */
    static final int RANGE_PERIODS = 5;
    /** How a state reason writes a datapoint's time: 21/11/26 03:14:00. */
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One evaluated period: its start and value; a null value is a missing datapoint. */
    public record Datapoint(Instant timestamp, Double value) {}

    /**
     * @param datapoints the evaluated ones, newest first, as the state reason lists them
     * @param contributor the time series of a Metrics Insights alarm that changed; null for the alarm itself
     */
    public record StateChange(AlarmDefinition alarm, StateValue from, StateValue to, List<Datapoint> datapoints, String reason,
                              Instant at, AlarmContributor contributor) {}

    private final List<AlarmDefinition> alarms;
    private final InMemoryCloudWatch cloudWatch;

    public AlarmEvaluator(List<AlarmDefinition> alarms, InMemoryCloudWatch cloudWatch) {
        this.alarms = List.copyOf(alarms);
        this.cloudWatch = cloudWatch;
    }

    public List<AlarmDefinition> alarms() {
        return alarms;
    }

    /** The shortest period of the alarms: how often the sandbox must evaluate. */
    public int shortestPeriodSeconds() {
        return alarms.stream().mapToInt(AlarmDefinition::periodSeconds).min().orElse(AlarmDefinitions.PERIOD_SECONDS);
    }

    /** Evaluates every alarm whose period ends at {@code boundary}; returns the state changes, in the alarms' order. */
    public List<StateChange> evaluate(Instant boundary) {
        List<StateChange> changes = new ArrayList<>();
        for (AlarmDefinition alarm : alarms) {
            if (boundary.getEpochSecond() % alarm.periodSeconds() != 0) {
                continue;
            }
            if (alarm.overContributors()) {
                changes.addAll(MetricsInsightsEvaluation.evaluate(alarm, boundary, cloudWatch));
            } else {
                evaluate(alarm, boundary).ifPresent(changes::add);
            }
        }
        return changes;
    }

    private Optional<StateChange> evaluate(AlarmDefinition alarm, Instant boundary) {
        int period = alarm.periodSeconds();
        int range = Math.max(alarm.evaluationPeriods(), RANGE_PERIODS);
        Instant first = boundary.minusSeconds((long) range * period);
        double[] values = values(alarm, first, range);
        List<Datapoint> evaluated = new ArrayList<>();
        for (int i = range - 1; i >= range - alarm.evaluationPeriods(); i--) {
            evaluated.add(new Datapoint(first.plusSeconds((long) i * period), Double.isNaN(values[i]) ? null : values[i]));
        }
        List<Datapoint> present = evaluated.stream().filter(d -> d.value() != null).toList();
        StateValue from = cloudWatch.alarmState(alarm.alarmName());
        StateValue to;
        String treatment = readsDynamoDb(alarm) ? "ignore" : alarm.treatMissingData();
        if (present.isEmpty()) {
            to = switch (treatment) {
                case "notBreaching" -> StateValue.OK;
                case "breaching" -> StateValue.ALARM;
                case "missing" -> StateValue.INSUFFICIENT_DATA;
                default -> from;
            };
        } else {
            long breaching = present.stream().filter(d -> breaches(alarm, d.value())).count()
                    + (treatment.equals("breaching") ? evaluated.size() - present.size() : 0);
            to = breaching >= alarm.datapointsToAlarm() ? StateValue.ALARM : StateValue.OK;
        }
        if (to == from) {
            return Optional.empty();
        }
        cloudWatch.setAlarmState(alarm.alarmName(), to);
        return Optional.of(new StateChange(alarm, from, to, evaluated, reason(alarm, from, to, evaluated, treatment), boundary, null));
    }

    /** The returned query's values over {@code range} periods from {@code first}, NaN where missing. */
    private double[] values(AlarmDefinition alarm, Instant first, int range) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (AlarmDefinition.Query query : alarm.queries()) {
            if (query.isExpression()) {
                continue;
            }
            AlarmDefinition.Stat stat = query.stat();
            double[] values = new double[range];
            for (int i = 0; i < range; i++) {
                values[i] = cloudWatch.datapoint(stat.namespace(), stat.metricName(), stat.dimensions(), stat.periodSeconds(),
                        first.plusSeconds((long) i * stat.periodSeconds())).orElse(Double.NaN);
            }
            series.put(query.id(), values);
        }
        AlarmDefinition.Query returned = alarm.returned();
        return returned.isExpression() ? MetricMath.evaluate(returned.expression(), series, range) : series.get(returned.id());
    }

    private static boolean readsDynamoDb(AlarmDefinition alarm) {
        return alarm.metrics().stream().anyMatch(stat -> AlarmDefinitions.NAMESPACE.equals(stat.namespace()));
    }

    static boolean breaches(AlarmDefinition alarm, double value) {
        return switch (alarm.comparisonOperator()) {
            case "GreaterThanThreshold" -> value > alarm.threshold();
            case "GreaterThanOrEqualToThreshold" -> value >= alarm.threshold();
            case "LessThanThreshold" -> value < alarm.threshold();
            case "LessThanOrEqualToThreshold" -> value <= alarm.threshold();
            default -> throw new IllegalArgumentException(alarm.alarmName() + ": the sandbox does not evaluate "
                    + alarm.comparisonOperator());
        };
    }

    /** The state reason CloudWatch writes, e.g. "Threshold Crossed: 1 out of the last 1 datapoints [75.0 (...)] was greater ...". */
    static String reason(AlarmDefinition alarm, StateValue from, StateValue to, List<Datapoint> evaluated, String treatment) {
        List<Datapoint> present = evaluated.stream().filter(d -> d.value() != null).toList();
        int n = evaluated.size();
        if (present.isEmpty()) {
            if (to == StateValue.INSUFFICIENT_DATA) {
                return "Insufficient Data: %d datapoint%s %s unknown.".formatted(n, n == 1 ? "" : "s", n == 1 ? "was" : "were");
            }
            return "Threshold Crossed: no datapoints were received for %d period%s and %d missing datapoint%s %s treated as [%s]."
                    .formatted(n, n == 1 ? "" : "s", n, n == 1 ? "" : "s", n == 1 ? "was" : "were",
                            treatment.equals("breaching") ? "Breaching" : "NonBreaching");
        }
        boolean alarming = to == StateValue.ALARM;
        long counted = present.stream().filter(d -> breaches(alarm, d.value()) == alarming).count();
        String comparison = alarm.comparisonOperator().replace("Threshold", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        int minimum = alarming ? alarm.datapointsToAlarm() : 1;
        return "Threshold Crossed: %d out of the last %d datapoints [%s] %s %sthe threshold (%s) (minimum %d datapoint%s for %s -> %s transition)."
                .formatted(counted, n, present.stream().map(d -> "%s (%s)".formatted(d.value(), REASON_TIME.format(d.timestamp())))
                                .collect(Collectors.joining(", ")),
                        counted == 1 ? "was" : "were", alarming ? comparison + " " : "not " + comparison + " ",
                        alarm.threshold(), minimum, minimum == 1 ? "" : "s", from, to);
    }
}
