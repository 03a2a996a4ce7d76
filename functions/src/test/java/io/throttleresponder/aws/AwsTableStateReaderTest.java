package io.throttleresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.throttleresponder.MovingClock;
import io.throttleresponder.model.Decreases;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.model.TableState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsStatus;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The state read in one round trip: DescribeTable, the scalable targets and Contributor Insights together. */
class AwsTableStateReaderTest {

    private final Dynamo dynamo = new Dynamo();
    private final AutoScaling autoScaling = new AutoScaling();
    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-21T03:00:00Z"));
    private final AwsTableStateReader reader = new AwsTableStateReader(dynamo, autoScaling, clock);

    @Test
    void read_provisionedTableWithGsis_findsTheTargetsOfTheTableAndEveryGsiButNotOtherTables() {
        autoScaling.targets = List.of(
                target("table/orders", ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS, 50, 500),
                target("table/orders/index/by-status", ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS, 25, 250),
                target("table/orders-archive", ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS, 5, 10));

        TableState state = reader.read(ResourceId.table("orders"));

        assertThat(state.table().scalableTargets()).containsOnlyKeys(Operation.WRITE);
        assertThat(state.table().scalableTargets().get(Operation.WRITE).minCapacity()).isEqualTo(50);
        assertThat(state.indexes().get("by-status").scalableTargets().get(Operation.READ).maxCapacity()).isEqualTo(250);
        assertThat(autoScaling.requests).singleElement()
                .satisfies(r -> assertThat(r.hasResourceIds()).isFalse());
    }

    @Test
    void read_accountWithMoreTargetsThanOnePage_asksForExactlyThisTablesResources() {
        autoScaling.targets = List.of(target("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 100, 1000));
        autoScaling.firstPageIncomplete = true;

        TableState state = reader.read(ResourceId.table("orders"));

        assertThat(state.table().scalableTargets()).containsOnlyKeys(Operation.READ);
        assertThat(autoScaling.requests).hasSize(2);
        assertThat(autoScaling.requests.get(1).resourceIds())
                .containsExactlyInAnyOrder("table/orders", "table/orders/index/by-status");
    }

    @Test
    void read_focusIndex_carriesItsContributorInsightsStatusOnly() {
        TableState state = reader.read(new ResourceId("orders", "by-status"));

        assertThat(state.indexes().get("by-status").contributorInsightsStatus()).isEqualTo("ENABLED");
        assertThat(state.table().contributorInsightsStatus()).isNull();
    }

    @Test
    void read_missingTable_throwsTableNotFound() {
        assertThatThrownBy(() -> reader.read(ResourceId.table("absent"))).isInstanceOf(TableNotFoundException.class);
    }

    @Test
    void read_contributorInsightsStatusDenied_isUnreadable_andTheRestOfTheStateIsRead() {
        dynamo.insightsFailure = DynamoDbException.builder().message("User is not authorized to perform"
                + " dynamodb:DescribeContributorInsights").statusCode(400).build();

        TableState state = reader.read(ResourceId.table("orders"));

        assertThat(state.table().contributorInsightsStatus()).isEqualTo(ResourceState.INSIGHTS_UNREADABLE);
        assertThat(state.table().writeCapacityUnits()).isEqualTo(50);
    }

    @Test
    void read_globalTable_carriesItsReplicasRegions_andTheDecreasesOfEachResource() {
        dynamo.replicas = List.of(ReplicaDescription.builder().regionName("us-east-1").build(),
                ReplicaDescription.builder().regionName("eu-west-1").build());

        TableState state = reader.read(ResourceId.table("orders"));

        assertThat(state.replicaRegions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(state.isGlobal()).isTrue();
        assertThat(state.table().decreases()).isEqualTo(new Decreases(2, LAST_DECREASE));
        assertThat(state.indexes().get("by-status").decreases()).isEqualTo(Decreases.NONE);
    }

    @Test
    void read_scaleInSuspendedOnATarget_orDisabledOnItsPolicy_isScaleInOff() {
        autoScaling.targets = List.of(
                target("table/orders", ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS, 50, 500).toBuilder()
                        .suspendedState(s -> s.dynamicScalingInSuspended(true)).build(),
                target("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 100, 1000),
                target("table/orders/index/by-status", ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS, 25, 250));
        autoScaling.policies = List.of(ScalingPolicy.builder().serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/orders/index/by-status").scalableDimension(ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS)
                .policyName("reads").policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).disableScaleIn(true)).build());

        TableState state = reader.read(ResourceId.table("orders"));

        assertThat(state.table().scalableTargets().get(Operation.WRITE).scaleInOff()).isTrue();
        assertThat(state.table().scalableTargets().get(Operation.READ).scaleInOff()).isFalse();
        assertThat(state.indexes().get("by-status").scalableTargets().get(Operation.READ).scaleInOff()).isTrue();
    }

    @Test
    void read_eachTargetsScalingPolicies_whole_andNoOtherTablesOrDimensions() {
        autoScaling.targets = List.of(
                target("table/orders", ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS, 50, 500),
                target("table/orders", ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS, 100, 1000));
        ScalingPolicy writes = ScalingPolicy.builder().serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/orders").scalableDimension(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS)
                .policyName("orders-writes").policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).scaleOutCooldown(300).scaleInCooldown(900)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("DynamoDBWriteCapacityUtilization")))
                .build();
        autoScaling.policies = List.of(writes, writes.toBuilder().resourceId("table/ordersarchive").build());

        TableState state = reader.read(ResourceId.table("orders"));

        assertThat(state.table().scalableTargets().get(Operation.WRITE).policies()).containsExactly(
                new io.throttleresponder.model.ScalingPolicy("orders-writes", "TargetTrackingScaling",
                        new io.throttleresponder.model.ScalingPolicy.TargetTracking(70.0, "DynamoDBWriteCapacityUtilization",
                                null, null, 300, 900, null)));
        assertThat(state.table().scalableTargets().get(Operation.READ).policies()).isEmpty();
    }

    @Test
    void read_twice_describesTheAccountLimitsOnce() {
        reader.read(ResourceId.table("orders"));
        reader.read(ResourceId.table("orders"));

        assertThat(dynamo.limitCalls).hasValue(1);
    }

    @Test
    void read_anHourLater_describesTheAccountLimitsAgain_soARaisedQuotaIsSeen() {
        reader.read(ResourceId.table("orders"));
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        reader.read(ResourceId.table("orders"));
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        reader.read(ResourceId.table("orders"));

        assertThat(dynamo.limitCalls).hasValue(2);
    }

    private static ScalableTarget target(String resourceId, ScalableDimension dimension, int min, int max) {
        return ScalableTarget.builder().serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId)
                .scalableDimension(dimension).minCapacity(min).maxCapacity(max).build();
    }

    private static final Instant LAST_DECREASE = Instant.parse("2026-11-21T02:00:00Z");

    private static final class Dynamo implements DynamoDbClient {
        final AtomicInteger limitCalls = new AtomicInteger();
        RuntimeException insightsFailure;
        List<ReplicaDescription> replicas;

        @Override
        public DescribeTableResponse describeTable(DescribeTableRequest request) {
            if (!request.tableName().equals("orders")) {
                throw ResourceNotFoundException.builder().message("no table " + request.tableName()).build();
            }
            return DescribeTableResponse.builder().table(TableDescription.builder()
                    .tableName("orders")
                    .tableStatus("ACTIVE")
                    .billingModeSummary(b -> b.billingMode(BillingMode.PROVISIONED))
                    .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(50L)
                            .numberOfDecreasesToday(2L).lastDecreaseDateTime(LAST_DECREASE))
                    .replicas(replicas)
                    .globalSecondaryIndexes(g -> g.indexName("by-status").indexStatus("ACTIVE")
                            .provisionedThroughput(p -> p.readCapacityUnits(50L).writeCapacityUnits(25L)))
                    .build()).build();
        }

        @Override
        public DescribeContributorInsightsResponse describeContributorInsights(DescribeContributorInsightsRequest request) {
            if (!request.tableName().equals("orders")) {
                throw ResourceNotFoundException.builder().message("no table " + request.tableName()).build();
            }
            if (insightsFailure != null) {
                throw insightsFailure;
            }
            return DescribeContributorInsightsResponse.builder()
                    .contributorInsightsStatus(request.indexName() == null
                            ? ContributorInsightsStatus.DISABLED : ContributorInsightsStatus.ENABLED)
                    .build();
        }

        @Override
        public DescribeLimitsResponse describeLimits(DescribeLimitsRequest request) {
            limitCalls.incrementAndGet();
            return DescribeLimitsResponse.builder().tableMaxReadCapacityUnits(40_000L).tableMaxWriteCapacityUnits(40_000L).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }

    private static final class AutoScaling implements ApplicationAutoScalingClient {
        List<ScalableTarget> targets = List.of();
        List<ScalingPolicy> policies = List.of();

        @Override
        public DescribeScalingPoliciesResponse describeScalingPolicies(DescribeScalingPoliciesRequest request) {
            return DescribeScalingPoliciesResponse.builder().scalingPolicies(policies).build();
        }
        boolean firstPageIncomplete;
        final List<DescribeScalableTargetsRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public DescribeScalableTargetsResponse describeScalableTargets(DescribeScalableTargetsRequest request) {
            requests.add(request);
            List<ScalableTarget> matching = targets.stream()
                    .filter(t -> !request.hasResourceIds() || request.resourceIds().contains(t.resourceId()))
                    .toList();
            return DescribeScalableTargetsResponse.builder()
                    .scalableTargets(matching)
                    .nextToken(firstPageIncomplete && request.nextToken() == null && !request.hasResourceIds() ? "page-2" : null)
                    .build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }
}
