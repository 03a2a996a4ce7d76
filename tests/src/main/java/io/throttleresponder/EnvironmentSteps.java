package io.throttleresponder;

import io.throttleresponder.aws.AwsActuator;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.scenario.Scenario;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;


/**
 * The steps of a scenario that change the world around the responder, through the same SDK calls on the
 * sandbox: DynamoDB's metrics, tables going UPDATING, and someone else's capacity, scalable targets,
 * scaling policies, billing modes, Contributor Insights and deleted tables.
 */
final class EnvironmentSteps {

    private final Sandbox sandbox;
    private final Consumer<String> note;

    /** @param note where a change AWS refused is told */
    EnvironmentSteps(Sandbox sandbox, Consumer<String> note) {
        this.sandbox = sandbox;
        this.note = note;
    }

    void apply(Scenario.Step step) {
        if (step instanceof Scenario.MetricsStep metrics) {
            metrics.values().forEach((resource, values) -> values.forEach((metric, value) -> {
                if (value == null) {
                    sandbox.cloudWatch().stop(metric, dimensions(resource), metrics.at());
                } else {
                    sandbox.cloudWatch().set(metric, dimensions(resource), metrics.at(),
                            // Consumed capacity is given per second; CloudWatch records its per-minute Sum.
                            metric.startsWith("Consumed") ? value * 60 : value);
                }
            }));
        } else if (step instanceof Scenario.CapacityStep capacity) {
            capacity.units().forEach((resource, units) -> byOthers(() -> updateCapacity(resource, units)));
        } else if (step instanceof Scenario.ScalableTargetStep targets) {
            targets.targets().forEach((resource, byOperation) -> byOperation.forEach((operation, bounds) ->
                    byOthers(() -> sandbox.autoScaling().registerScalableTarget(r -> r
                            .serviceNamespace(ServiceNamespace.DYNAMODB)
                            .resourceId(resource.toString())
                            .scalableDimension(AwsActuator.scalableDimension(resource, operation))
                            .minCapacity(bounds.min())
                            .maxCapacity(bounds.max())))));
        } else if (step instanceof Scenario.ScalingPolicyStep policy) {
            byOthers(() -> sandbox.autoScaling().putScalingPolicy(policy.request()));
        } else if (step instanceof Scenario.BillingModeStep modes) {
            modes.modes().forEach((table, mode) -> byOthers(() -> switchBillingMode(table, mode)));
        } else if (step instanceof Scenario.BusyStep busy) {
            busy.durations().forEach((table, duration) -> sandbox.faults().busyFor(table, duration));
        } else if (step instanceof Scenario.ContributorInsightsStep insights) {
            // Someone else's UpdateContributorInsights, in the console's default mode.
            insights.statuses().forEach((resource, status) -> byOthers(() -> sandbox.dynamoDb().updateContributorInsights(
                    r -> r.tableName(resource.table()).indexName(resource.index())
                            .contributorInsightsAction(status.equals("ENABLED") ? ContributorInsightsAction.ENABLE
                                    : ContributorInsightsAction.DISABLE))));
        } else if (step instanceof Scenario.DeleteTableStep delete) {
            byOthers(() -> sandbox.dynamoDb().deleteTable(r -> r.tableName(delete.table())));
        }
    }

    /** Someone else's change that AWS refused is part of the story, not a runner failure. */
    private void byOthers(Runnable change) {
        try {
            change.run();
        } catch (AwsServiceException e) {
            note.accept("refused by AWS: " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
        }
    }

    private void updateCapacity(ResourceId resource, Map<Operation, Long> units) {
        TableDescription table = describe(resource.table());
        ProvisionedThroughputDescription current = resource.isIndex()
                ? table.globalSecondaryIndexes().stream().filter(g -> g.indexName().equals(resource.index()))
                        .findFirst().orElseThrow().provisionedThroughput()
                : table.provisionedThroughput();
        ProvisionedThroughput throughput = ProvisionedThroughput.builder()
                .readCapacityUnits(units.getOrDefault(Operation.READ, current.readCapacityUnits()))
                .writeCapacityUnits(units.getOrDefault(Operation.WRITE, current.writeCapacityUnits()))
                .build();
        if (resource.isIndex()) {
            sandbox.dynamoDb().updateTable(r -> r.tableName(resource.table()).globalSecondaryIndexUpdates(
                    u -> u.update(g -> g.indexName(resource.index()).provisionedThroughput(throughput))));
        } else {
            sandbox.dynamoDb().updateTable(r -> r.tableName(resource.table()).provisionedThroughput(throughput));
        }
    }

    /**
     * UpdateTable BillingMode. Switching to provisioned needs capacity for the table and every GSI: the
     * units they had last time they were provisioned, else the console's default of 5.
     */
    private void switchBillingMode(String tableName, String mode) {
        TableDescription table = describe(tableName);
        if (mode.equals("PAY_PER_REQUEST")) {
            sandbox.dynamoDb().updateTable(r -> r.tableName(tableName).billingMode(mode));
            return;
        }
        sandbox.dynamoDb().updateTable(r -> r.tableName(tableName).billingMode(mode)
                .provisionedThroughput(units(table.provisionedThroughput()))
                .globalSecondaryIndexUpdates(table.globalSecondaryIndexes().stream()
                        .map(g -> GlobalSecondaryIndexUpdate.builder()
                                .update(u -> u.indexName(g.indexName()).provisionedThroughput(units(g.provisionedThroughput())))
                                .build())
                        .toList()));
        sandbox.autoScaling().applyAgain(tableName);
    }

    private static ProvisionedThroughput units(ProvisionedThroughputDescription last) {
        long read = last == null || last.readCapacityUnits() == null || last.readCapacityUnits() < 1 ? 5 : last.readCapacityUnits();
        long write = last == null || last.writeCapacityUnits() == null || last.writeCapacityUnits() < 1 ? 5 : last.writeCapacityUnits();
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    private TableDescription describe(String table) {
        return sandbox.dynamoDb().describeTable(r -> r.tableName(table)).table();
    }

    private static Map<String, String> dimensions(ResourceId resource) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("TableName", resource.table());
        if (resource.isIndex()) {
            dimensions.put("GlobalSecondaryIndexName", resource.index());
        }
        return dimensions;
    }
}
