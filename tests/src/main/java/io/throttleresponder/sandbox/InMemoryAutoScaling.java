package io.throttleresponder.sandbox;

import io.throttleresponder.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
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
 * Application Auto Scaling for DynamoDB, in memory. It refuses a registration or a scaling policy the service would refuse;
 * like the real scaler, registering a target whose bounds exclude the current capacity moves the
 * capacity into them (with UpdateTable on DynamoDB Local).
 */
// The rules: https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
public final class InMemoryAutoScaling implements ApplicationAutoScalingClient {

    /** table/NAME or table/NAME/index/INDEX, with DynamoDB's table and index names. */
    private static final Pattern POLICY_NAME = Pattern.compile("\\p{Print}+");
    /** TargetValue's documented range, -2^360 to 2^360. */
    private static final double TARGET_VALUE_BOUND = Math.pow(2, 360);
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

    /**
     * One page (the sandbox holds few): the namespace's policies, narrowed by resource, dimension and names as
     * asked; a dimension without its resource is refused, as AWS refuses it.
     *
     * @see <a href="https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingPolicies.html">DescribeScalingPolicies</a>
     */
    @Override
    public DescribeScalingPoliciesResponse describeScalingPolicies(DescribeScalingPoliciesRequest request) {
        faults.check("DescribeScalingPolicies", null);
        if (request.serviceNamespace() == null) {
            throw ValidationException.builder().message("1 validation error detected: Value null at 'serviceNamespace'"
                    + " failed to satisfy constraint: Member must not be null").build();
        }
        if (request.scalableDimension() != null && request.resourceId() == null) {
            throw invalid("If you specify a scalable dimension, you must also specify a resource ID");
        }
        return DescribeScalingPoliciesResponse.builder()
                .scalingPolicies(policies.stream()
                        .filter(p -> p.serviceNamespace() == request.serviceNamespace())
                        .filter(p -> request.resourceId() == null || request.resourceId().equals(p.resourceId()))
                        .filter(p -> request.scalableDimension() == null || request.scalableDimension() == p.scalableDimension())
                        .filter(p -> !request.hasPolicyNames() || request.policyNames().contains(p.policyName()))
                        .toList())
                .build();
    }

    /**
     * Creates or replaces a scaling policy, refusing what the service refuses for DynamoDB: a missing name,
     * namespace, resource or dimension; a resource with no registered target; a policy type other than
     * target tracking (step scaling is not supported for DynamoDB, predictive scaling is ECS's alone; the type
     * may be left out only to update an existing policy); a target-tracking policy without its configuration,
     * its TargetValue, or exactly one metric, a TargetValue outside -2^360 to 2^360, a negative cooldown, or a
     * predefined metric that is not the dimension's own utilization.
     *
     * @see <a href="https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html">PutScalingPolicy</a>
     * @see <a href="https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html">TargetTrackingScalingPolicyConfiguration</a>
     */
    @Override
    public synchronized PutScalingPolicyResponse putScalingPolicy(PutScalingPolicyRequest request) {
        faults.check("PutScalingPolicy", null);
        String name = request.policyName();
        if (name == null || name.isEmpty() || name.length() > 256 || !POLICY_NAME.matcher(name).matches()) {
            throw invalid("1 validation error detected: Value '" + name + "' at 'policyName' failed to satisfy constraint:"
                    + " Member must have length between 1 and 256 and match pattern \\p{Print}+");
        }
        validateTarget(request.serviceNamespace(), request.serviceNamespaceAsString(), request.resourceId(),
                request.scalableDimension(), request.scalableDimensionAsString());
        if (!targets.containsKey(request.resourceId() + "|" + request.scalableDimensionAsString())) {
            String message = "No scalable target registered for service namespace: dynamodb, resource ID: "
                    + request.resourceId() + ", scalable dimension: " + request.scalableDimensionAsString();
            throw ObjectNotFoundException.builder().message(message).statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName("ApplicationAutoScaling")
                            .errorCode("ObjectNotFoundException").errorMessage(message).build())
                    .build();
        }
        ScalingPolicy existing = policies.stream().filter(p -> p.policyName().equals(name)
                && p.resourceId().equals(request.resourceId()) && p.scalableDimension() == request.scalableDimension())
                .findFirst().orElse(null);
        PolicyType type = request.policyType() != null ? request.policyType()
                : existing != null ? existing.policyType() : null;
        if (type == null) {
            throw invalid("PolicyType is required to create the scaling policy " + name);
        }
        if (type != PolicyType.TARGET_TRACKING_SCALING) {
            throw invalid("Unsupported policy type " + request.policyTypeAsString() + " for service namespace dynamodb:"
                    + " DynamoDB supports TargetTrackingScaling only");
        }
        validate(request.targetTrackingScalingPolicyConfiguration(), request.scalableDimension());
        if (request.stepScalingPolicyConfiguration() != null) {
            throw invalid("StepScalingPolicyConfiguration is not allowed for a TargetTrackingScaling policy");
        }
        String arn = existing != null ? existing.policyARN() : "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:"
                + UUID.nameUUIDFromBytes((request.resourceId() + name).getBytes(StandardCharsets.UTF_8)) + ":resource/dynamodb/"
                + request.resourceId() + ":policyName/" + name;
        ScalingPolicy policy = ScalingPolicy.builder()
                .policyARN(arn)
                .policyName(name)
                .serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(request.resourceId())
                .scalableDimension(request.scalableDimension())
                .policyType(type)
                .targetTrackingScalingPolicyConfiguration(request.targetTrackingScalingPolicyConfiguration())
                .creationTime(existing != null ? existing.creationTime() : Instant.now())
                .build();
        if (existing != null) {
            policies.set(policies.indexOf(existing), policy);
        } else {
            policies.add(policy);
        }
        return PutScalingPolicyResponse.builder().policyARN(arn).build();
    }

    private static void validate(TargetTrackingScalingPolicyConfiguration configuration, ScalableDimension dimension) {
        if (configuration == null) {
            throw invalid("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy");
        }
        Double target = configuration.targetValue();
        if (target == null) {
            throw invalid("1 validation error detected: Value null at 'targetTrackingScalingPolicyConfiguration.targetValue'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        if (target.isNaN() || Math.abs(target) > TARGET_VALUE_BOUND) {
            throw invalid("TargetValue " + target + " is out of range: it must be within -2^360 to 2^360");
        }
        boolean predefined = configuration.predefinedMetricSpecification() != null;
        if (predefined == (configuration.customizedMetricSpecification() != null)) {
            throw invalid("Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be given");
        }
        if (negative(configuration.scaleOutCooldown()) || negative(configuration.scaleInCooldown())) {
            throw invalid("ScaleOutCooldown and ScaleInCooldown must be at least 0");
        }
        if (predefined) {
            String metric = configuration.predefinedMetricSpecification().predefinedMetricTypeAsString();
            String own = dimension.toString().endsWith("ReadCapacityUnits")
                    ? "DynamoDBReadCapacityUtilization" : "DynamoDBWriteCapacityUtilization";
            if (!own.equals(metric)) {
                throw invalid("Unsupported predefined metric type " + metric + " for scalable dimension " + dimension
                        + ": it takes " + own);
            }
        }
    }

    private static boolean negative(Integer cooldown) {
        return cooldown != null && cooldown < 0;
    }

    public List<ScalingPolicy> policies() {
        return List.copyOf(policies);
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
        validateTarget(request.serviceNamespace(), request.serviceNamespaceAsString(), request.resourceId(),
                request.scalableDimension(), request.scalableDimensionAsString());
        if (request.minCapacity() != null && request.minCapacity() < 1) {
            throw invalid("MinCapacity of a DynamoDB scalable target must be at least 1");
        }
    }

    private static void validateTarget(ServiceNamespace namespace, String namespaceText, String resourceId,
                                       ScalableDimension scalableDimension, String dimension) {
        if (namespace == null || namespace == ServiceNamespace.UNKNOWN_TO_SDK_VERSION) {
            throw invalid("1 validation error detected: Value '" + namespaceText + "' at"
                    + " 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: "
                    + ServiceNamespace.knownValues());
        }
        if (namespace != ServiceNamespace.DYNAMODB) {
            throw new UnsupportedOperationException("only DynamoDB targets are served in memory");
        }
        Matcher resource = RESOURCE_ID.matcher(resourceId == null ? "" : resourceId);
        if (!resource.matches()) {
            throw invalid("Unsupported resource ID " + resourceId + ": a DynamoDB resource ID is table/<table-name>"
                    + " or table/<table-name>/index/<index-name>");
        }
        boolean index = resource.group(1) != null;
        String expected = index ? "dynamodb:index:" : "dynamodb:table:";
        if (dimension == null || scalableDimension == ScalableDimension.UNKNOWN_TO_SDK_VERSION
                || !dimension.startsWith(expected)) {
            throw invalid("Unsupported service namespace, resource type or scalable dimension: " + dimension + " for "
                    + resourceId);
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
