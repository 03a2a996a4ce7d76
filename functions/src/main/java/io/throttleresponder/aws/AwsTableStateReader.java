package io.throttleresponder.aws;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.model.Decreases;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.ScalingPolicy;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.model.TableState;
import io.throttleresponder.evidence.TableStateReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Reads a table's state from DynamoDB and Application Auto Scaling. The reads are independent, so they
 * go out together: one round trip instead of four before the plan can be made.
 */
public final class AwsTableStateReader implements TableStateReader {

    private static final Logger LOG = LoggerFactory.getLogger(AwsTableStateReader.class);

    /** DescribeTable, DescribeScalableTargets, DescribeScalingPolicies and DescribeContributorInsights; DescribeLimits runs on the caller. */
    private static final int READ_THREADS = 4;

    private final DynamoDbClient dynamoDb;
    private final ApplicationAutoScalingClient autoScaling;
    static final Duration LIMITS_REFRESH = Duration.ofHours(1);

    private final Supplier<Quotas> quotas;
    private final ExecutorService reads;

    public AwsTableStateReader(DynamoDbClient dynamoDb, ApplicationAutoScalingClient autoScaling, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.autoScaling = autoScaling;
        this.quotas = memoize(this::describeLimits, clock);
        this.reads = Executors.newFixedThreadPool(READ_THREADS, daemonThreads());
    }

    @Override
    public TableState read(ResourceId focus) {
        Future<TableDescription> described = reads.submit(() -> dynamoDb.describeTable(r -> r.tableName(focus.table())).table());
        // Before the table's GSIs are known: one page of the account's DynamoDB targets usually holds them all.
        Future<DescribeScalableTargetsResponse> targetsPage = reads.submit(() -> autoScaling.describeScalableTargets(
                r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)));
        Future<Map<String, List<ScalingPolicy>>> policies = reads.submit(() -> scalingPolicies(focus.table()));
        Future<Insights> insights = reads.submit(() -> contributorInsights(focus));
        Quotas quota = quotas.get();

        TableDescription table;
        try {
            table = await(described);
        } catch (ResourceNotFoundException e) {
            throw new TableNotFoundException(focus.table());
        }
        BillingMode billingMode = table.billingModeSummary() != null
                && "PAY_PER_REQUEST".equals(table.billingModeSummary().billingModeAsString())
                ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
        // Scalable targets survive a switch to on-demand and apply again on the way back: read them either way.
        Map<String, Map<Operation, ScalableTarget>> targets = scalableTargets(table, await(targetsPage), await(policies));
        Insights insightsStatus = await(insights);

        ResourceId tableId = ResourceId.table(focus.table());
        ResourceState tableState = resource(tableId, table.tableStatusAsString(), table.provisionedThroughput(),
                table.onDemandThroughput(), targets, focus.equals(tableId) ? insightsStatus : null);
        Map<String, ResourceState> indexes = new LinkedHashMap<>();
        for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
            ResourceId id = new ResourceId(focus.table(), gsi.indexName());
            indexes.put(gsi.indexName(), resource(id, gsi.indexStatusAsString(), gsi.provisionedThroughput(),
                    gsi.onDemandThroughput(), targets, focus.equals(id) ? insightsStatus : null));
        }
        List<String> replicaRegions = table.hasReplicas()
                ? table.replicas().stream().map(ReplicaDescription::regionName).toList() : List.of();
        return new TableState(billingMode, tableState, indexes, quota.tableRead(), quota.tableWrite(), replicaRegions,
                quota.accountRead(), quota.accountWrite());
    }

    /** One DescribeTable: the GSIs' names are all a read of their metrics needs. */
    @Override
    public Set<String> indexNames(String table) {
        try {
            return dynamoDb.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                    .map(GlobalSecondaryIndexDescription::indexName)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (ResourceNotFoundException e) {
            throw new TableNotFoundException(table);
        }
    }

    private static ResourceState resource(ResourceId id, String status, ProvisionedThroughputDescription provisioned,
                                          OnDemandThroughput onDemand, Map<String, Map<Operation, ScalableTarget>> targets,
                                          Insights insights) {
        return new ResourceState(id, status,
                provisioned == null || provisioned.readCapacityUnits() == null ? 0 : provisioned.readCapacityUnits(),
                provisioned == null || provisioned.writeCapacityUnits() == null ? 0 : provisioned.writeCapacityUnits(),
                onDemandMaximum(onDemand == null ? null : onDemand.maxReadRequestUnits()),
                onDemandMaximum(onDemand == null ? null : onDemand.maxWriteRequestUnits()),
                decreases(provisioned),
                targets.getOrDefault(id.toString(), Map.of()),
                insights == null ? null : insights.status(),
                insights == null ? null : insights.mode(),
                insights == null ? null : insights.updatedAt());
    }

    /** What DescribeContributorInsights tells of the focus: status, mode and the last change of its status. */
    private record Insights(String status, String mode, Instant updatedAt) {}

    private static Decreases decreases(ProvisionedThroughputDescription provisioned) {
        return provisioned == null || provisioned.numberOfDecreasesToday() == null ? Decreases.NONE
                : new Decreases(provisioned.numberOfDecreasesToday().intValue(), provisioned.lastDecreaseDateTime());
    }

    private static long onDemandMaximum(Long value) {
        return value == null || value <= 0 ? ResourceState.NO_ON_DEMAND_MAXIMUM : value;
    }

    /**
     * The table's and its GSIs' targets from the account-wide first page; when that page is not the
     * whole list, one more call asks for exactly this table's resources, now that DescribeTable named them.
     */
    private Map<String, Map<Operation, ScalableTarget>> scalableTargets(TableDescription table,
                                                                        DescribeScalableTargetsResponse firstPage,
                                                                        Map<String, List<ScalingPolicy>> policies) {
        Set<String> resourceIds = Stream.concat(Stream.of(ResourceId.table(table.tableName())),
                        table.globalSecondaryIndexes().stream().map(g -> new ResourceId(table.tableName(), g.indexName())))
                .map(ResourceId::toString)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget> found = firstPage.nextToken() == null
                ? firstPage.scalableTargets()
                : autoScaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceIds(resourceIds))
                        .scalableTargets();
        Map<String, Map<Operation, ScalableTarget>> byResource = new HashMap<>();
        found.stream()
                .filter(t -> resourceIds.contains(t.resourceId()))
                .forEach(t -> {
                    Operation operation = operationOf(t.scalableDimension());
                    if (operation != null) {
                        boolean suspended = t.suspendedState() != null
                                && Boolean.TRUE.equals(t.suspendedState().dynamicScalingInSuspended());
                        List<ScalingPolicy> own = policies.getOrDefault(t.resourceId() + "|" + t.scalableDimensionAsString(),
                                List.of());
                        boolean scaleInDisabled = own.stream().anyMatch(p -> p.isTargetTracking()
                                && Boolean.TRUE.equals(p.targetTracking().disableScaleIn()));
                        byResource.computeIfAbsent(t.resourceId(), k -> new EnumMap<>(Operation.class))
                                .put(operation, new ScalableTarget(t.minCapacity(), t.maxCapacity(),
                                        suspended || scaleInDisabled, own));
                    }
                });
        return byResource;
    }

    /**
     * The scaling policies of the table and its GSIs, whole (recovery puts a tuned one back exactly), by
     * "resourceId|scalableDimension". DescribeScalingPolicies filters by one resource only, and the GSIs
     * are not known yet: the namespace's policies are read, every page.
     *
     * @see <a href="https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingPolicies.html">DescribeScalingPolicies</a>
     */
    private Map<String, List<ScalingPolicy>> scalingPolicies(String table) {
        return autoScaling.describeScalingPoliciesPaginator(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB))
                .scalingPolicies().stream()
                .filter(p -> p.resourceId().equals("table/" + table) || p.resourceId().startsWith("table/" + table + "/index/"))
                .collect(Collectors.groupingBy(p -> p.resourceId() + "|" + p.scalableDimensionAsString(),
                        Collectors.mapping(ScalingPolicies::fromSdk, Collectors.toList())));
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

    /**
     * Null when the table or index does not exist: DescribeTable decides what that means. Any other
     * failure makes only the Contributor Insights action fail, not the response.
     */
    private Insights contributorInsights(ResourceId focus) {
        try {
            DescribeContributorInsightsResponse insights = dynamoDb.describeContributorInsights(r -> r
                    .tableName(focus.table()).indexName(focus.index()));
            return new Insights(insights.contributorInsightsStatusAsString(), insights.contributorInsightsModeAsString(),
                    insights.lastUpdateDateTime());
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            LOG.warn("DescribeContributorInsights of {} failed", focus, e);
            return new Insights(ResourceState.INSIGHTS_UNREADABLE, null, null);
        }
    }

    /** DescribeLimits: the per-table and the account's provisioned-capacity quotas in the Region. */
    private record Quotas(long tableRead, long tableWrite, long accountRead, long accountWrite) {}

    private Quotas describeLimits() {
        DescribeLimitsResponse limits = dynamoDb.describeLimits(r -> {});
        return new Quotas(
                limits.tableMaxReadCapacityUnits() == null ? TableState.DEFAULT_TABLE_QUOTA : limits.tableMaxReadCapacityUnits(),
                limits.tableMaxWriteCapacityUnits() == null ? TableState.DEFAULT_TABLE_QUOTA : limits.tableMaxWriteCapacityUnits(),
                limits.accountMaxReadCapacityUnits() == null ? TableState.DEFAULT_ACCOUNT_QUOTA : limits.accountMaxReadCapacityUnits(),
                limits.accountMaxWriteCapacityUnits() == null ? TableState.DEFAULT_ACCOUNT_QUOTA : limits.accountMaxWriteCapacityUnits());
    }

    /** Waits for a read and rethrows what it threw, as if it had run on the caller's thread. */
    private static <T> T await(Future<T> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the table's state", e);
        }
    }

    /** Daemon threads: an idle pool must not keep the local runner's JVM alive. */
    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "table-state-read-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The account's quotas change rarely, but a raised quota must be seen: DescribeLimits at most hourly.
     * The value and its time are swapped as one, so no reader sees one without the other.
     */
    private static <T> Supplier<T> memoize(Supplier<T> supplier, Clock clock) {
        record Reading<T>(T value, Instant at) {}
        return new Supplier<>() {
            private volatile Reading<T> last;

            @Override
            public T get() {
                Instant now = clock.instant();
                Reading<T> reading = last;
                if (reading == null || !now.isBefore(reading.at().plus(LIMITS_REFRESH))) {
                    reading = new Reading<>(supplier.get(), now);
                    last = reading;
                }
                return reading.value();
            }
        };
    }
}
