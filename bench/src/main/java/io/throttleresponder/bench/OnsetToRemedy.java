package io.throttleresponder.bench;

import java.util.List;

/**
 * Onset of a throttle to the responder's first remedy call, per alarm kind: the waits the documented
 * periods and evaluation cadences impose, plus the handling time the benchmark measured. Pure.
 *
 * <p>What is documented and counted: a metric alarm's datapoint covers its period and is complete at
 * the period's end (DynamoDB's throttle metrics are 1-minute, the client sensor's 1-second, written by
 * its flush every second); an alarm with a 60-second period is evaluated every minute, one with a
 * 10-second period every 10 seconds
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html). What is
 * not counted, having no documented figure: DynamoDB's and CloudWatch Logs' delivery of the datapoint
 * (the DynamoDB guide warns of "a short delay of up to a few minutes",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html), the SNS
 * delivery to Lambda, and, for the sensor, the SDK's retries before the application's call fails.
 */
final class OnsetToRemedy {

    /** One way of hearing of a throttle: the waits before CloudWatch can raise the alarm. */
    record AlarmKind(String name, double flushSeconds, double periodSeconds, double evaluationSeconds) {
        /** The onset just after a flush, a period's start and an evaluation. */
        double mostSeconds() {
            return flushSeconds + periodSeconds + evaluationSeconds;
        }

        /** Onset at a uniformly random moment: half of each wait. */
        double typicalSeconds() {
            return mostSeconds() / 2;
        }
    }

    static final AlarmKind DYNAMODB_ALARM = new AlarmKind(
            "DynamoDB metric alarm, period 60 s, 1 datapoint (per table, or an account-wide contributor)", 0, 60, 60);
    static final AlarmKind SENSOR_ALARM = new AlarmKind(
            "client sensor alarm, period 10 s, 1 datapoint (sensor flush every 1 s)", 1, 10, 10);
    static final List<AlarmKind> KINDS = List.of(DYNAMODB_ALARM, SENSOR_ALARM);

    private OnsetToRemedy() {}

    /**
     * @param warmMillis a warm notification, AWS calls included (the shipped median)
     * @param restoredMillis the SnapStart-restored function's first notification
     * @param coldMillis a plain cold start's process start to first notification handled
     */
    static String table(double warmMillis, double restoredMillis, double coldMillis) {
        StringBuilder table = new StringBuilder();
        table.append("Onset to first remedy, by alarm kind: the documented waits before the alarm (onset at a random\n"
                + "moment: typical = half of each wait; at most = all of them), plus the measured handling. Not counted:\n"
                + "the datapoint's delivery to CloudWatch, SNS to Lambda, and for the sensor the SDK's retries.\n\n");
        table.append("| alarm kind | waits before the alarm, typical / at most (s) | + warm handling (s) | + SnapStart restore (s) | + plain cold start (s) |\n");
        table.append("| --- | --- | --- | --- | --- |\n");
        for (AlarmKind kind : KINDS) {
            table.append(String.format("| %s | %.1f / %.1f | %s | %s | %s |%n", kind.name(), kind.typicalSeconds(), kind.mostSeconds(),
                    range(kind, warmMillis), range(kind, restoredMillis), range(kind, coldMillis)));
        }
        table.append(String.format("%nThe sensor's alarm is answered %.1f× sooner typically, %.1f× at most (warm).%n",
                (DYNAMODB_ALARM.typicalSeconds() + warmMillis / 1000) / (SENSOR_ALARM.typicalSeconds() + warmMillis / 1000),
                (DYNAMODB_ALARM.mostSeconds() + warmMillis / 1000) / (SENSOR_ALARM.mostSeconds() + warmMillis / 1000)));
        return table.toString();
    }

    private static String range(AlarmKind kind, double handlingMillis) {
        return String.format("%.1f / %.1f", kind.typicalSeconds() + handlingMillis / 1000, kind.mostSeconds() + handlingMillis / 1000);
    }
}
