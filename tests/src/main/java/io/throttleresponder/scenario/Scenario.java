package io.throttleresponder.scenario;

import io.throttleresponder.policy.Policy;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.sandbox.SandboxTables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import java.util.List;
import java.util.Map;

/**
 * One incident timeline (events/README.md, "Scenarios"): the sandbox it starts from and the steps that
 * happen to it, each at its time. Read and checked whole by {@link ScenarioParser} before anything runs.
 *
 * @param policy null for the sandbox's default (every table, default settings)
 * @param insights null for the runner's --insights directory
 * @param accountLimits what DescribeLimits answers, by its member names; empty for the sandbox's defaults
 * @param alarmsEvaluated {@code "alarms": "evaluated"}: the sandbox evaluates the stack's alarms on the
 *     metrics and sends their notifications; otherwise alarm steps state them
 */
public record Scenario(
        Path file,
        String account,
        String region,
        Instant start,
        List<SandboxTables.SandboxTable> tables,
        Policy policy,
        Path insights,
        Map<String, Long> accountLimits,
        Duration runFor,
        boolean alarmsEvaluated,
        List<Step> steps) {

    public Scenario {
        tables = List.copyOf(tables);
        accountLimits = Map.copyOf(accountLimits);
        steps = List.copyOf(steps);
    }

    /** When the clock stops: the last step's time plus runFor. */
    public Instant end() {
        return (steps.isEmpty() ? start : steps.get(steps.size() - 1).at()).plus(runFor);
    }

    /** What happens at one time; {@code number} counts from 1, as the messages name steps. */
    public sealed interface Step {
        int number();

        Instant at();
    }

    public enum Delivery { SNS, EVENTBRIDGE, ALARM_ACTION }

    /** The notification CloudWatch sends for the stack's alarm on {@code metric} of the resource. */
    public record AlarmStep(int number, Instant at, ResourceId resource, String metric, String state, double value,
                            Delivery delivery) implements Step {}

    /** A recorded delivery, sent as it is. */
    public record EventStep(int number, Instant at, Path file) implements Step {}

    /**
     * From now on CloudWatch reports these values: consumed capacity in units per second, throttle events
     * per minute; a null value means no datapoint from now on (a quiet minute's throttle metric).
     */
    public record MetricsStep(int number, Instant at, Map<ResourceId, Map<String, Double>> values) implements Step {}

    /** Someone else's UpdateTable of provisioned capacity. */
    public record CapacityStep(int number, Instant at, Map<ResourceId, Map<Operation, Long>> units) implements Step {}

    /** Someone else's RegisterScalableTarget; a null bound is left out of the request. */
    public record ScalableTargetStep(int number, Instant at, Map<ResourceId, Map<Operation, Bounds>> targets)
            implements Step {}

    public record Bounds(Integer min, Integer max) {}

    /** Someone else's PutScalingPolicy, as {@code aws application-autoscaling put-scaling-policy --cli-input-json} takes it. */
    public record ScalingPolicyStep(int number, Instant at, PutScalingPolicyRequest request) implements Step {}

    /** Someone else's switch of billing mode, by table name. */
    public record BillingModeStep(int number, Instant at, Map<String, String> modes) implements Step {}

    /** Tables UPDATING for a while, by table name. */
    public record BusyStep(int number, Instant at, Map<String, Duration> durations) implements Step {}

    /** Someone else's UpdateContributorInsights, ENABLED or DISABLED, by table or GSI. */
    public record ContributorInsightsStep(int number, Instant at, Map<ResourceId, String> statuses) implements Step {}

    /** Someone deletes the table: DescribeTable answers ResourceNotFoundException from then on. */
    public record DeleteTableStep(int number, Instant at, String table) implements Step {}

    /** An operator command, as the operator CLI takes it. */
    public record OpsStep(int number, Instant at, String command) implements Step {}
}
