package io.throttleresponder.sandbox;

import static io.throttleresponder.sandbox.SandboxDynamoDb.resource;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * What {@link SandboxDynamoDb} keeps of each table beyond DynamoDB Local, and lays over its descriptions:
 * provisioned-throughput changes on the sandbox clock and the limit on decreases, on-demand maxima, and a
 * global table's replicas.
 */
final class TableOverlay {

    /** The version DynamoDB reports for global tables created today. */
    private static final String GLOBAL_TABLE_VERSION = "2019.11.21";

    /** Provisioned-throughput changes of one table or GSI, as DescribeTable reports them. */
    private record Changes(List<Instant> decreases, Instant lastDecrease, Instant lastIncrease) {
        static final Changes NONE = new Changes(List.of(), null, null);

        Changes decreasedAt(Instant at) {
            return new Changes(Stream.concat(DecreaseRule.today(decreases, at).stream(), Stream.of(at)).toList(), at, lastIncrease);
        }

        Changes increasedAt(Instant at) {
            return new Changes(decreases, lastDecrease, at);
        }
    }

    private final DynamoDbClient local;
    private final Clock clock;
    /** Keyed by resource ("table/NAME[/index/INDEX]"). */
    private final Map<String, Changes> changes = new ConcurrentHashMap<>();
    /** Keyed by resource: DynamoDB Local drops -1 maxima, ignores a GSI's, and wipes the table's on any other UpdateTable. */
    private final Map<String, OnDemandThroughput> maxima = new ConcurrentHashMap<>();
    private final Map<String, List<ReplicaDescription>> replicas = new ConcurrentHashMap<>();

    TableOverlay(DynamoDbClient local, Clock clock) {
        this.local = local;
        this.clock = clock;
    }

    void replicas(String table, List<ReplicaDescription> replicaDescriptions) {
        replicas.put(table, List.copyOf(replicaDescriptions));
    }

    void created(CreateTableRequest request) {
        if (request.onDemandThroughput() != null) {
            maxima.put(resource(request.tableName(), null), request.onDemandThroughput());
        }
        request.globalSecondaryIndexes().stream().filter(g -> g.onDemandThroughput() != null)
                .forEach(g -> maxima.put(resource(request.tableName(), g.indexName()), g.onDemandThroughput()));
    }

    void deleted(String table) {
        String prefix = resource(table, null);
        maxima.keySet().removeIf(key -> key.equals(prefix) || key.startsWith(prefix + "/"));
    }

    /**
     * DynamoDB Local allows any number of decreases; here a decrease past {@link DecreaseRule} fails as on AWS,
     * before anything changes.
     */
    UpdateTableResponse update(UpdateTableRequest request) {
        Instant now = clock.instant();
        Map<String, Change> throughputChanges = throughputChanges(request, local.describeTable(r -> r.tableName(request.tableName())).table());
        throughputChanges.forEach((resource, change) -> {
            if (change.decrease()) {
                refuseDecreasePastLimit(resource, now);
            }
        });
        Map<String, OnDemandThroughput> newMaxima = newMaxima(request);
        OnDemandThroughput tableMaximum = newMaxima.get(resource(request.tableName(), null));
        // DynamoDB Local fails on a table maximum that leaves one unit out; -1 stands for "no limit" there.
        UpdateTableResponse response = local.updateTable(tableMaximum == null ? request : request.toBuilder()
                .onDemandThroughput(tableMaximum.toBuilder()
                        .maxReadRequestUnits(tableMaximum.maxReadRequestUnits() == null ? -1L : tableMaximum.maxReadRequestUnits())
                        .maxWriteRequestUnits(tableMaximum.maxWriteRequestUnits() == null ? -1L : tableMaximum.maxWriteRequestUnits())
                        .build())
                .build());
        throughputChanges.forEach((resource, change) -> changes.compute(resource, (k, before) -> {
            Changes after = before == null ? Changes.NONE : before;
            after = change.decrease() ? after.decreasedAt(now) : after;
            return change.increase() ? after.increasedAt(now) : after;
        }));
        maxima.putAll(newMaxima);
        return response.toBuilder().tableDescription(overlay(response.tableDescription())).build();
    }

    /**
     * Whether an UpdateTable lowers or raises a resource's provisioned units. Lowering read and write in one
     * call is one decrease: "you can decrease ReadCapacityUnits or WriteCapacityUnits (or both)" per table and GSI.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
     */
    private record Change(boolean decrease, boolean increase) {

        static Change of(ProvisionedThroughput requested, ProvisionedThroughputDescription current) {
            long read = current == null || current.readCapacityUnits() == null ? 0 : current.readCapacityUnits();
            long write = current == null || current.writeCapacityUnits() == null ? 0 : current.writeCapacityUnits();
            return new Change(requested.readCapacityUnits() < read || requested.writeCapacityUnits() < write,
                    requested.readCapacityUnits() > read || requested.writeCapacityUnits() > write);
        }
    }

    private static Map<String, Change> throughputChanges(UpdateTableRequest request, TableDescription current) {
        Map<String, Change> result = new LinkedHashMap<>();
        if (request.provisionedThroughput() != null) {
            result.put(resource(current.tableName(), null), Change.of(request.provisionedThroughput(), current.provisionedThroughput()));
        }
        for (GlobalSecondaryIndexUpdate update : request.globalSecondaryIndexUpdates()) {
            if (update.update() == null || update.update().provisionedThroughput() == null) {
                continue;
            }
            current.globalSecondaryIndexes().stream()
                    .filter(g -> g.indexName().equals(update.update().indexName()))
                    .findFirst()
                    .ifPresent(g -> result.put(resource(current.tableName(), g.indexName()),
                            Change.of(update.update().provisionedThroughput(), g.provisionedThroughput())));
        }
        return result;
    }

    private void refuseDecreasePastLimit(String resource, Instant now) {
        Changes made = changes.getOrDefault(resource, Changes.NONE);
        if (DecreaseRule.allowed(made.decreases(), now)) {
            return;
        }
        // Opens with AWS's words (callers match on them); names the resource and gives ISO-8601 instants to read back.
        String message = "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. "
                + "After the first " + DecreaseRule.ANY_TIME_PER_DAY + " decreases, each subsequent decrease in the same UTC day "
                + "can be performed at most once every " + DecreaseRule.SPACING.toSeconds() + " seconds, and at most "
                + DecreaseRule.MAX_PER_DAY + " a day. Resource: " + resource
                + ". Number of decreases today: " + DecreaseRule.today(made.decreases(), now).size()
                + ". Last decrease at " + made.lastDecrease()
                + ". Next decrease can be made at " + DecreaseRule.nextAllowed(made.decreases(), now);
        throw LimitExceededException.builder()
                .message(message)
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("LimitExceededException").errorMessage(message)
                        .serviceName("DynamoDb").build())
                .build();
    }

    /** The maxima after this UpdateTable: a maximum left out of the request keeps its value. */
    private Map<String, OnDemandThroughput> newMaxima(UpdateTableRequest request) {
        Map<String, OnDemandThroughput> result = new LinkedHashMap<>();
        if (request.onDemandThroughput() != null) {
            String table = resource(request.tableName(), null);
            result.put(table, merge(maxima.get(table), request.onDemandThroughput()));
        }
        for (GlobalSecondaryIndexUpdate update : request.globalSecondaryIndexUpdates()) {
            if (update.update() != null && update.update().onDemandThroughput() != null) {
                String index = resource(request.tableName(), update.update().indexName());
                result.put(index, merge(maxima.get(index), update.update().onDemandThroughput()));
            }
        }
        return result;
    }

    private static OnDemandThroughput merge(OnDemandThroughput before, OnDemandThroughput requested) {
        if (before == null) {
            return requested;
        }
        return OnDemandThroughput.builder()
                .maxReadRequestUnits(requested.maxReadRequestUnits() != null ? requested.maxReadRequestUnits() : before.maxReadRequestUnits())
                .maxWriteRequestUnits(requested.maxWriteRequestUnits() != null ? requested.maxWriteRequestUnits() : before.maxWriteRequestUnits())
                .build();
    }

    /** DynamoDB Local's description with what the sandbox keeps itself: changes on the sandbox clock, maxima, replicas. */
    TableDescription overlay(TableDescription table) {
        String name = table.tableName();
        TableDescription.Builder overlaid = table.toBuilder();
        if (table.provisionedThroughput() != null) {
            overlaid.provisionedThroughput(withChanges(table.provisionedThroughput(), resource(name, null)));
        }
        OnDemandThroughput maximum = maxima.get(resource(name, null));
        if (maximum != null) {
            overlaid.onDemandThroughput(maximum);
        }
        if (table.hasGlobalSecondaryIndexes()) {
            overlaid.globalSecondaryIndexes(table.globalSecondaryIndexes().stream().map(g -> overlay(name, g)).toList());
        }
        List<ReplicaDescription> tableReplicas = replicas.getOrDefault(name, List.of());
        if (!tableReplicas.isEmpty()) {
            overlaid.replicas(tableReplicas).globalTableVersion(GLOBAL_TABLE_VERSION);
        }
        return overlaid.build();
    }

    private GlobalSecondaryIndexDescription overlay(String table, GlobalSecondaryIndexDescription index) {
        String resource = resource(table, index.indexName());
        // AWS reports an on-demand index's provisioned units as 0; DynamoDB Local leaves them out.
        ProvisionedThroughputDescription throughput = index.provisionedThroughput() != null ? index.provisionedThroughput()
                : ProvisionedThroughputDescription.builder().readCapacityUnits(0L).writeCapacityUnits(0L).build();
        GlobalSecondaryIndexDescription.Builder overlaid = index.toBuilder().provisionedThroughput(withChanges(throughput, resource));
        OnDemandThroughput maximum = maxima.get(resource);
        if (maximum != null) {
            overlaid.onDemandThroughput(maximum);
        }
        return overlaid.build();
    }

    /** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ProvisionedThroughputDescription.html */
    private ProvisionedThroughputDescription withChanges(ProvisionedThroughputDescription throughput, String resource) {
        Changes made = changes.getOrDefault(resource, Changes.NONE);
        return throughput.toBuilder()
                .numberOfDecreasesToday((long) DecreaseRule.today(made.decreases(), clock.instant()).size())
                .lastDecreaseDateTime(made.lastDecrease())
                .lastIncreaseDateTime(made.lastIncrease())
                .build();
    }
}
