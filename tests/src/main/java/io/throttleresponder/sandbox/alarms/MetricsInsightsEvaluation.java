package io.throttleresponder.sandbox.alarms;

import io.throttleresponder.infra.AlarmDefinition;
import io.throttleresponder.sandbox.InMemoryCloudWatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.model.AlarmContributor;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * One evaluation of an alarm on a Metrics Insights query over AWS/DynamoDB, as CloudWatch documents it:
 * each time series the query returns is a contributor, in ALARM or OK only, never INSUFFICIENT_DATA ("a
 * time series only exists when data is present"); the alarm is in ALARM while any contributor is; SNS
 * notifications go out for the alarm and for each contributor. A contributor with no datapoint in the
 * evaluated periods, or one the query no longer returns, keeps its state: CloudWatch documents no rule
 * for a time series that stops, and alarms on AWS/DynamoDB metrics "always ignore missing data". That
 * is the reading that makes our design look worst: a contributor can stay in ALARM after a silent end.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Acting_Alarm_Changes.html">Acting on
 *     alarm changes: contributors are ALARM or OK; notifications at the alarm and the contributor level</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html">Limits of Metrics
 *     Insights alarms: 500 time series, 100 contributors in ALARM, "95 out of 150 time series evaluated to ALARM"</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html">Metrics
 *     Insights query language: SCHEMA reads the metrics with exactly the dimensions named</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm: the AWS/DynamoDB missing-data rule</a>
 */
final class MetricsInsightsEvaluation {

    /** The grammar the stack's account-wide alarms use; anything else the sandbox refuses rather than guesses. */
    private static final Pattern QUERY = Pattern.compile(
            "SELECT SUM\\((\\w+)\\) FROM SCHEMA\\(\"AWS/DynamoDB\", ([\\w, ]+)\\) GROUP BY ([\\w, ]+) ORDER BY SUM\\(\\) DESC");
    /** A query returns at most 500 time series, the largest first. */
    static final int MAX_SERIES = 500;

    private MetricsInsightsEvaluation() {
    }

    /** The alarm's and its contributors' state changes at {@code boundary}: the alarm's first, then each contributor's. */
    static List<AlarmEvaluator.StateChange> evaluate(AlarmDefinition alarm, Instant boundary, InMemoryCloudWatch cloudWatch) {
        Matcher query = QUERY.matcher(alarm.returned().expression());
        if (!query.matches()) {
            throw new IllegalArgumentException(alarm.alarmName() + ": the sandbox does not evaluate the query "
                    + alarm.returned().expression());
        }
        String metric = query.group(1);
        Set<String> schema = new LinkedHashSet<>(Arrays.asList(query.group(2).split(",\\s*")));
        int period = alarm.periodSeconds();
        int range = Math.max(alarm.evaluationPeriods(), AlarmEvaluator.RANGE_PERIODS);
        Instant first = boundary.minusSeconds((long) range * period);

        Map<Map<String, String>, double[]> groups = new LinkedHashMap<>();
        for (Map<String, String> dimensions : cloudWatch.seriesWithDimensions(metric, schema)) {
            double[] values = new double[range];
            boolean any = false;
            for (int i = 0; i < range; i++) {
                values[i] = cloudWatch.datapoint(InMemoryCloudWatch.NAMESPACE, metric, dimensions, period,
                        first.plusSeconds((long) i * period)).orElse(Double.NaN);
                any |= !Double.isNaN(values[i]);
            }
            if (any) {
                groups.put(new TreeMap<>(dimensions), values);
            }
        }
        List<Map.Entry<Map<String, String>, double[]>> returned = groups.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<Map<String, String>, double[]> e) -> -sum(e.getValue())))
                .limit(MAX_SERIES)
                .toList();

        StateValue alarmBefore = cloudWatch.alarmState(alarm.alarmName());
        List<AlarmEvaluator.StateChange> contributorChanges = new ArrayList<>();
        for (Map.Entry<Map<String, String>, double[]> series : returned) {
            double[] values = series.getValue();
            List<AlarmEvaluator.Datapoint> evaluated = new ArrayList<>();
            for (int i = range - 1; i >= range - alarm.evaluationPeriods(); i--) {
                evaluated.add(new AlarmEvaluator.Datapoint(first.plusSeconds((long) i * period),
                        Double.isNaN(values[i]) ? null : values[i]));
            }
            List<AlarmEvaluator.Datapoint> present = evaluated.stream().filter(d -> d.value() != null).toList();
            String id = contributorId(alarm.alarmName(), series.getKey());
            StateValue from = cloudWatch.contributorState(alarm.alarmName(), id);
            StateValue to = present.isEmpty() ? from
                    : present.stream().filter(d -> AlarmEvaluator.breaches(alarm, d.value())).count() >= alarm.datapointsToAlarm()
                    ? StateValue.ALARM : StateValue.OK;
            // The first evaluation that returns a time series makes it a contributor, in its state.
            if (to != from || alarmBefore == StateValue.INSUFFICIENT_DATA) {
                cloudWatch.setContributorState(alarm.alarmName(), id, to);
            }
            if (to != from) {
                String reason = AlarmEvaluator.reason(alarm, from, to, evaluated, "ignore");
                contributorChanges.add(new AlarmEvaluator.StateChange(alarm, from, to, evaluated, reason, boundary,
                        AlarmContributor.builder().contributorId(id).contributorAttributes(series.getKey())
                                .stateReason(reason).stateTransitionedTimestamp(boundary).build()));
            }
        }
        List<AlarmEvaluator.StateChange> changes = new ArrayList<>();
        StateValue alarmAfter = cloudWatch.alarmState(alarm.alarmName());
        if (alarmAfter != alarmBefore) {
            long alarming = returned.stream()
                    .filter(s -> cloudWatch.contributorState(alarm.alarmName(), contributorId(alarm.alarmName(), s.getKey()))
                            == StateValue.ALARM)
                    .count();
            changes.add(new AlarmEvaluator.StateChange(alarm, alarmBefore, alarmAfter, List.of(),
                    "%d out of %d time series evaluated to ALARM".formatted(alarming, returned.size()), boundary, null));
        }
        changes.addAll(contributorChanges);
        return changes;
    }

    private static double sum(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sum();
    }

    /** CloudWatch's contributor ids are 16 characters; the sandbox's are stable per alarm and time series. */
    static String contributorId(String alarmName, Map<String, String> attributes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((alarmName + new TreeMap<>(attributes)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
