package io.throttleresponder.sandbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Application Auto Scaling for DynamoDB, in memory. Like the real scaler, registering a target whose
 * bounds exclude the current capacity moves the capacity into them (with UpdateTable on DynamoDB Local).
 */
public final class InMemoryAutoScaling implements ApplicationAutoScalingClient {

    private final DynamoDbClient dynamoDb;
    private final Faults faults;
    private final Map<String, ScalableTarget> targets = new ConcurrentHashMap<>();

    public InMemoryAutoScaling(DynamoDbClient dynamoDb, Faults faults) {
        this.dynamoDb = dynamoDb;
        this.faults = faults;
    }

    public void put(ScalableTarget target) {
        targets.put(target.resourceId() + "|" + target.scalableDimensionAsString(), target);
    }

    public List<ScalableTarget> targets() {
        return List.copyOf(targets.values());
    }

    @Override
    public DescribeScalableTargetsResponse describeScalableTargets(DescribeScalableTargetsRequest request) {
        faults.check("DescribeScalableTargets", null);
        List<ScalableTarget> matching = targets.values().stream()
                .filter(t -> t.serviceNamespace() == request.serviceNamespace())
                .filter(t -> !request.hasResourceIds() || request.resourceIds().contains(t.resourceId()))
                .filter(t -> request.scalableDimension() == null || t.scalableDimension() == request.scalableDimension())
                .toList();
        return DescribeScalableTargetsResponse.builder().scalableTargets(matching).build();
    }

    @Override
    public synchronized RegisterScalableTargetResponse registerScalableTarget(RegisterScalableTargetRequest request) {
        faults.check("RegisterScalableTarget", null);
        String key = request.resourceId() + "|" + request.scalableDimensionAsString();
        ScalableTarget existing = targets.get(key);
        ScalableTarget.Builder updated = existing == null
                ? ScalableTarget.builder()
                        .serviceNamespace(request.serviceNamespace())
                        .resourceId(request.resourceId())
                        .scalableDimension(request.scalableDimension())
                        .roleARN("arn:aws:iam::123456789012:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/"
                                + "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable")
                : existing.toBuilder();
        if (request.minCapacity() != null) {
            updated.minCapacity(request.minCapacity());
        }
        if (request.maxCapacity() != null) {
            updated.maxCapacity(request.maxCapacity());
        }
        ScalableTarget target = updated.build();
        targets.put(key, target);
        moveCapacityIntoBounds(target);
        return RegisterScalableTargetResponse.builder().build();
    }

    private void moveCapacityIntoBounds(ScalableTarget target) {
        String[] parts = target.resourceId().split("/");
        String table = parts[1];
        String index = parts.length > 3 ? parts[3] : null;
        boolean read = target.scalableDimension() == ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS
                || target.scalableDimension() == ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS;
        TableDescription description = dynamoDb.describeTable(r -> r.tableName(table)).table();
        ProvisionedThroughputDescription current = index == null ? description.provisionedThroughput()
                : description.globalSecondaryIndexes().stream().filter(g -> g.indexName().equals(index))
                        .findFirst().orElseThrow().provisionedThroughput();
        long value = read ? current.readCapacityUnits() : current.writeCapacityUnits();
        long bounded = Math.max(target.minCapacity(), Math.min(target.maxCapacity(), value));
        if (bounded == value) {
            return;
        }
        long readUnits = read ? bounded : current.readCapacityUnits();
        long writeUnits = read ? current.writeCapacityUnits() : bounded;
        if (index == null) {
            dynamoDb.updateTable(r -> r.tableName(table).provisionedThroughput(p -> p
                    .readCapacityUnits(readUnits).writeCapacityUnits(writeUnits)));
        } else {
            dynamoDb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(u -> u.update(g -> g
                    .indexName(index).provisionedThroughput(p -> p.readCapacityUnits(readUnits).writeCapacityUnits(writeUnits)))));
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
