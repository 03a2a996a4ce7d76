package io.throttleresponder.aws;

import io.throttleresponder.respond.BillingMode;
import io.throttleresponder.respond.Operation;
import io.throttleresponder.respond.ResourceId;
import io.throttleresponder.respond.ResourceState;
import io.throttleresponder.respond.ScalableTarget;
import io.throttleresponder.respond.TableNotFoundException;
import io.throttleresponder.respond.TableState;
import io.throttleresponder.respond.TableStateReader;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Reads a table's state from DynamoDB and Application Auto Scaling. */
public final class AwsTableStateReader implements TableStateReader {

    private final DynamoDbClient dynamoDb;
    private final ApplicationAutoScalingClient autoScaling;
    private final Supplier<long[]> tableQuota;

    public AwsTableStateReader(DynamoDbClient dynamoDb, ApplicationAutoScalingClient autoScaling) {
        this.dynamoDb = dynamoDb;
        this.autoScaling = autoScaling;
        this.tableQuota = memoize(this::describeLimits);
    }

    @Override
    public TableState read(ResourceId focus) {
        TableDescription table;
        try {
            table = dynamoDb.describeTable(r -> r.tableName(focus.table())).table();
        } catch (ResourceNotFoundException e) {
            throw new TableNotFoundException(focus.table());
        }
        BillingMode billingMode = table.billingModeSummary() != null
                && "PAY_PER_REQUEST".equals(table.billingModeSummary().billingModeAsString())
                ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
        Map<String, Map<Operation, ScalableTarget>> targets = billingMode == BillingMode.PROVISIONED
                ? scalableTargets(focus.table(), table.globalSecondaryIndexes()) : Map.of();
        String insights = contributorInsights(focus);

        ResourceId tableId = ResourceId.table(focus.table());
        ResourceState tableState = resource(tableId, table.tableStatusAsString(), table.provisionedThroughput(),
                table.onDemandThroughput(), targets, focus.equals(tableId) ? insights : null);
        Map<String, ResourceState> indexes = new LinkedHashMap<>();
        for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
            ResourceId id = new ResourceId(focus.table(), gsi.indexName());
            indexes.put(gsi.indexName(), resource(id, gsi.indexStatusAsString(), gsi.provisionedThroughput(),
                    gsi.onDemandThroughput(), targets, focus.equals(id) ? insights : null));
        }
        long[] quota = tableQuota.get();
        return new TableState(billingMode, tableState, indexes, quota[0], quota[1]);
    }

    private static ResourceState resource(ResourceId id, String status, ProvisionedThroughputDescription provisioned,
                                          OnDemandThroughput onDemand, Map<String, Map<Operation, ScalableTarget>> targets,
                                          String insights) {
        return new ResourceState(id, status,
                provisioned == null || provisioned.readCapacityUnits() == null ? 0 : provisioned.readCapacityUnits(),
                provisioned == null || provisioned.writeCapacityUnits() == null ? 0 : provisioned.writeCapacityUnits(),
                onDemandMaximum(onDemand == null ? null : onDemand.maxReadRequestUnits()),
                onDemandMaximum(onDemand == null ? null : onDemand.maxWriteRequestUnits()),
                provisioned == null || provisioned.numberOfDecreasesToday() == null ? 0 : provisioned.numberOfDecreasesToday().intValue(),
                targets.getOrDefault(id.toString(), Map.of()),
                insights);
    }

    private static long onDemandMaximum(Long value) {
        return value == null || value <= 0 ? ResourceState.NO_ON_DEMAND_MAXIMUM : value;
    }

    private Map<String, Map<Operation, ScalableTarget>> scalableTargets(String table, List<GlobalSecondaryIndexDescription> gsis) {
        List<String> resourceIds = Stream.concat(Stream.of(ResourceId.table(table)),
                        gsis.stream().map(g -> new ResourceId(table, g.indexName())))
                .map(ResourceId::toString)
                .toList();
        Map<String, Map<Operation, ScalableTarget>> byResource = new HashMap<>();
        autoScaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceIds(resourceIds))
                .scalableTargets()
                .forEach(t -> {
                    Operation operation = operationOf(t.scalableDimension());
                    if (operation != null) {
                        byResource.computeIfAbsent(t.resourceId(), k -> new EnumMap<>(Operation.class))
                                .put(operation, new ScalableTarget(t.minCapacity(), t.maxCapacity()));
                    }
                });
        return byResource;
    }

    static Operation operationOf(ScalableDimension dimension) {
        if (dimension == ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS
                || dimension == ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS) {
            return Operation.READ;
        }
        if (dimension == ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS
                || dimension == ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS) {
            return Operation.WRITE;
        }
        return null;
    }

    private String contributorInsights(ResourceId focus) {
        return dynamoDb.describeContributorInsights(r -> r.tableName(focus.table()).indexName(focus.index()))
                .contributorInsightsStatusAsString();
    }

    private long[] describeLimits() {
        DescribeLimitsResponse limits = dynamoDb.describeLimits(r -> {});
        return new long[] {
            limits.tableMaxReadCapacityUnits() == null ? TableState.DEFAULT_TABLE_QUOTA : limits.tableMaxReadCapacityUnits(),
            limits.tableMaxWriteCapacityUnits() == null ? TableState.DEFAULT_TABLE_QUOTA : limits.tableMaxWriteCapacityUnits()
        };
    }

    /** The account's quota changes rarely; one DescribeLimits per container is enough. */
    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    current = supplier.get();
                    value = current;
                }
                return current;
            }
        };
    }
}
