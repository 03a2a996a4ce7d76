package io.throttleresponder.sandbox;

import io.throttleresponder.respond.ResourceId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Application Auto Scaling for DynamoDB, in memory. It refuses a registration the service would refuse;
 * like the real scaler, registering a target whose bounds exclude the current capacity moves the
 * capacity into them (with UpdateTable on DynamoDB Local).
 */
// The rules: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
public final class InMemoryAutoScaling implements ApplicationAutoScalingClient {

    /** table/NAME or table/NAME/index/INDEX, with DynamoDB's table and index names. */
    private static final Pattern RESOURCE_ID = Pattern.compile("table/[a-zA-Z0-9_.-]{3,255}(/index/[a-zA-Z0-9_.-]{3,255})?");

    private final DynamoDbClient dynamoDb;
    private final Faults faults;
    private final Map<String, ScalableTarget> targets = new ConcurrentHashMap<>();
    private final List<ScalingPolicy> policies = new CopyOnWriteArrayList<>();

    public InMemoryAutoScaling(DynamoDbClient dynamoDb, Faults faults) {
        this.dynamoDb = dynamoDb;
        this.faults = faults;
    }

    public void put(ScalableTarget target) {
        targets.put(target.resourceId() + "|" + target.scalableDimensionAsString(), target);
    }

    public void put(ScalingPolicy policy) {
        policies.add(policy);
    }

    /** One page, every policy of the namespace asked (the sandbox holds few). */
    @Override
    public DescribeScalingPoliciesResponse describeScalingPolicies(DescribeScalingPoliciesRequest request) {
        faults.check("DescribeScalingPolicies", null);
        if (request.serviceNamespace() == null) {
            throw ValidationException.builder().message("1 validation error detected: Value null at 'serviceNamespace'"
                    + " failed to satisfy constraint: Member must not be null").build();
        }
        return DescribeScalingPoliciesResponse.builder()
                .scalingPolicies(policies.stream()
                        .filter(p -> p.serviceNamespace() == request.serviceNamespace())
                        .filter(p -> request.resourceId() == null || request.resourceId().equals(p.resourceId()))
                        .toList())
                .build();
    }

    /**
     * The table went back to provisioned: its targets, which survived the switch, apply again and move
     * its and its GSIs' capacity into their bounds.
     */
    public synchronized void applyAgain(String table) {
        targets.values().stream()
                .filter(t -> t.resourceId().equals("table/" + table) || t.resourceId().startsWith("table/" + table + "/index/"))
                .forEach(this::moveCapacityIntoBounds);
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
        validate(request);
        String key = request.resourceId() + "|" + request.scalableDimensionAsString();
        ScalableTarget existing = targets.get(key);
        if (existing == null && (request.minCapacity() == null || request.maxCapacity() == null)) {
            throw invalid("MinCapacity and MaxCapacity are required to register a new scalable target " + request.resourceId());
        }
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
        if (target.minCapacity() > target.maxCapacity()) {
            throw invalid("Minimum capacity " + target.minCapacity() + " cannot be greater than maximum capacity "
                    + target.maxCapacity());
        }
        targets.put(key, target);
        moveCapacityIntoBounds(target);
        return RegisterScalableTargetResponse.builder().build();
    }

    /** This stand-in scales DynamoDB only: another service's resource is not refused, it is not served. */
    private static void validate(RegisterScalableTargetRequest request) {
        if (request.serviceNamespace() == null || request.serviceNamespace() == ServiceNamespace.UNKNOWN_TO_SDK_VERSION) {
            throw invalid("1 validation error detected: Value '" + request.serviceNamespaceAsString() + "' at"
                    + " 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: "
                    + ServiceNamespace.knownValues());
        }
        if (request.serviceNamespace() != ServiceNamespace.DYNAMODB) {
            throw new UnsupportedOperationException("only DynamoDB targets are served in memory");
        }
        Matcher resource = RESOURCE_ID.matcher(request.resourceId() == null ? "" : request.resourceId());
        if (!resource.matches()) {
            throw invalid("Unsupported resource ID " + request.resourceId() + ": a DynamoDB resource ID is table/<table-name>"
                    + " or table/<table-name>/index/<index-name>");
        }
        boolean index = resource.group(1) != null;
        String expected = index ? "dynamodb:index:" : "dynamodb:table:";
        String dimension = request.scalableDimensionAsString();
        if (dimension == null || request.scalableDimension() == ScalableDimension.UNKNOWN_TO_SDK_VERSION
                || !dimension.startsWith(expected)) {
            throw invalid("Unsupported service namespace, resource type or scalable dimension: " + dimension + " for "
                    + request.resourceId());
        }
        if (request.minCapacity() != null && request.minCapacity() < 1) {
            throw invalid("MinCapacity of a DynamoDB scalable target must be at least 1");
        }
    }

    private static ValidationException invalid(String message) {
        return (ValidationException) ValidationException.builder().message(message).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("ApplicationAutoScaling").errorCode("ValidationException")
                        .errorMessage(message).build())
                .build();
    }

    private void moveCapacityIntoBounds(ScalableTarget target) {
        ResourceId resource = ResourceId.parse(target.resourceId());
        String table = resource.table();
        String index = resource.index();
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
