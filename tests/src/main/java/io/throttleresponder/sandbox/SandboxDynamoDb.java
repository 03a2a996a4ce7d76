package io.throttleresponder.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsStatus;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TagResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * DynamoDB Local plus what it lacks: Contributor Insights (it answers UnknownOperation), the account
 * limits, tables that go UPDATING, the limit on capacity decreases and its record in DescribeTable,
 * on-demand maxima it drops, and a global table's replicas. Every other call goes to DynamoDB Local,
 * after the injected {@link Faults} had their say; calls the responder never makes throw. Time is the
 * sandbox's clock, never the wall clock DynamoDB Local uses.
 */
public final class SandboxDynamoDb implements DynamoDbClient {

    /** The version DynamoDB reports for global tables created today. */
    private static final String GLOBAL_TABLE_VERSION = "2019.11.21";

    /**
     * The codes DynamoDB gives a cancelled transaction's items for the errors an item can meet alone.
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html (TransactionCanceledException)
     */
    private static final Map<String, String> CANCELLATION_CODES = Map.of(
            "ConditionalCheckFailedException", "ConditionalCheckFailed",
            "TransactionConflictException", "TransactionConflict",
            "ProvisionedThroughputExceededException", "ProvisionedThroughputExceeded",
            "ThrottlingException", "ThrottlingError",
            "ValidationException", "ValidationError",
            "ItemCollectionSizeLimitExceededException", "ItemCollectionSizeLimitExceeded");

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
    private final Faults faults;
    private volatile Map<String, Long> limits = Map.of();
    private final Clock clock;
    private final Map<String, DescribeContributorInsightsResponse> insights = new ConcurrentHashMap<>();
    /** Keyed by resource ("table/NAME[/index/INDEX]"). */
    private final Map<String, Changes> changes = new ConcurrentHashMap<>();
    /** Keyed by resource: DynamoDB Local drops -1 maxima, ignores a GSI's, and wipes the table's on any other UpdateTable. */
    private final Map<String, OnDemandThroughput> maxima = new ConcurrentHashMap<>();
    private final Map<String, List<ReplicaDescription>> replicas = new ConcurrentHashMap<>();
    /** Keyed by table name: the tags TagResource and CreateTable gave it, kept here whatever DynamoDB Local does with them. */
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    public SandboxDynamoDb(DynamoDbClient local, Faults faults, Clock clock) {
        this.local = local;
        this.faults = faults;
        this.clock = clock;
    }

    /** The replicas a global table has, as DescribeTable shows them; DynamoDB Local has a single Region. */
    public void replicas(String table, List<ReplicaDescription> replicaDescriptions) {
        replicas.put(table, List.copyOf(replicaDescriptions));
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        CreateTableResponse response = local.createTable(request.toBuilder().tags((List<Tag>) null).build());
        if (request.hasTags()) {
            Map<String, String> created = new ConcurrentHashMap<>();
            request.tags().forEach(tag -> created.put(tag.key(), tag.value()));
            tags.put(request.tableName(), created);
        }
        if (request.onDemandThroughput() != null) {
            maxima.put(resource(request.tableName(), null), request.onDemandThroughput());
        }
        request.globalSecondaryIndexes().stream().filter(g -> g.onDemandThroughput() != null)
                .forEach(g -> maxima.put(resource(request.tableName(), g.indexName()), g.onDemandThroughput()));
        return response.toBuilder().tableDescription(overlay(response.tableDescription())).build();
    }

    /**
     * Someone deletes the table: from then on DescribeTable, UpdateTable and the Contributor Insights
     * calls answer ResourceNotFoundException, as DynamoDB does once the deletion completes.
     */
    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest request) {
        DeleteTableResponse response = local.deleteTable(request);
        String prefix = resource(request.tableName(), null);
        insights.keySet().removeIf(key -> key.equals(prefix) || key.startsWith(prefix + "/"));
        maxima.keySet().removeIf(key -> key.equals(prefix) || key.startsWith(prefix + "/"));
        tags.remove(request.tableName());
        return response;
    }

    /** As DynamoDB: the table's ARN; an unknown table is ResourceNotFoundException. */
    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        String table = existingTable(request.resourceArn());
        request.tags().forEach(tag -> tags.computeIfAbsent(table, t -> new ConcurrentHashMap<>()).put(tag.key(), tag.value()));
        return TagResourceResponse.builder().build();
    }

    /** All the tags on one page: a table has at most 50. */
    @Override
    public ListTagsOfResourceResponse listTagsOfResource(ListTagsOfResourceRequest request) {
        String table = existingTable(request.resourceArn());
        faults.check("ListTagsOfResource", table);
        return ListTagsOfResourceResponse.builder()
                .tags(tags.getOrDefault(table, Map.of()).entrySet().stream()
                        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList())
                .build();
    }

    private String existingTable(String arn) {
        int at = arn == null ? -1 : arn.indexOf(":table/");
        if (at < 0 || !arn.startsWith("arn:") || arn.substring(at + 7).contains("/")) {
            throw DynamoDbException.builder()
                    .message("Invalid TableArn: " + arn).statusCode(400).build();
        }
        String table = arn.substring(at + 7);
        local.describeTable(DescribeTableRequest.builder().tableName(table).build());
        return table;
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        faults.check("DescribeTable", request.tableName());
        TableDescription table = overlay(local.describeTable(request).table());
        if (faults.isBusy(request.tableName())) {
            table = table.toBuilder().tableStatus(TableStatus.UPDATING).build();
        }
        return DescribeTableResponse.builder().table(table).build();
    }

    /**
     * DynamoDB Local never goes UPDATING and allows any number of decreases; here a busy table answers
     * as a real one does, and a decrease past {@link DecreaseRule} fails as on AWS, before anything changes.
     */
    @Override
    public synchronized UpdateTableResponse updateTable(UpdateTableRequest request) {
        faults.check("UpdateTable", request.tableName());
        if (faults.isBusy(request.tableName())) {
            throw ResourceInUseException.builder()
                    .message("Attempt to change a resource which is still in use: Table is being updated: " + request.tableName())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceInUseException")
                            .errorMessage("Table is being updated: " + request.tableName()).build())
                    .build();
        }
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
    private TableDescription overlay(TableDescription table) {
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

    @Override
    public ListTablesResponse listTables(ListTablesRequest request) {
        return local.listTables(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        faults.check("PutItem", request.tableName());
        return local.putItem(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        faults.check("GetItem", request.tableName());
        return local.getItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        faults.check("UpdateItem", request.tableName());
        return local.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        faults.check("DeleteItem", request.tableName());
        return local.deleteItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        faults.check("Query", request.tableName());
        return local.query(request);
    }

    /**
     * A fault injected on an item cancels the transaction as DynamoDB does: TransactionCanceledException
     * with one reason per item, in order, "None" where the item met no error.
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CancellationReason.html
     */
    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        List<CancellationReason> reasons = request.transactItems().stream().map(this::injectedFault).toList();
        if (reasons.stream().allMatch(r -> r.code().equals("None"))) {
            return local.transactWriteItems(request);
        }
        String message = "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + reasons.stream().map(CancellationReason::code).toList();
        throw TransactionCanceledException.builder()
                .message(message)
                .statusCode(400)
                .cancellationReasons(reasons)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").errorMessage(message)
                        .serviceName("DynamoDb").build())
                .build();
    }

    private CancellationReason injectedFault(TransactWriteItem item) {
        try {
            if (item.put() != null) {
                faults.check("PutItem", item.put().tableName());
            } else if (item.update() != null) {
                faults.check("UpdateItem", item.update().tableName());
            } else if (item.delete() != null) {
                faults.check("DeleteItem", item.delete().tableName());
            } else if (item.conditionCheck() != null) {
                faults.check("ConditionCheck", item.conditionCheck().tableName());
            }
            return CancellationReason.builder().code("None").build();
        } catch (AwsServiceException e) {
            String error = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            String code = CANCELLATION_CODES.getOrDefault(error, error);
            return CancellationReason.builder()
                    .code(code)
                    .message(code.equals("ConditionalCheckFailed") ? "The conditional request failed"
                            : e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage())
                    .build();
        }
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return local.scan(request);
    }

    /** A new account's quotas, unless a scenario set others: DescribeLimits' members by name. */
    public void accountLimits(Map<String, Long> limits) {
        this.limits = Map.copyOf(limits);
    }

    @Override
    public DescribeLimitsResponse describeLimits(DescribeLimitsRequest request) {
        faults.check("DescribeLimits", null);
        return DescribeLimitsResponse.builder()
                .accountMaxReadCapacityUnits(limits.getOrDefault("AccountMaxReadCapacityUnits", 80_000L))
                .accountMaxWriteCapacityUnits(limits.getOrDefault("AccountMaxWriteCapacityUnits", 80_000L))
                .tableMaxReadCapacityUnits(limits.getOrDefault("TableMaxReadCapacityUnits", 40_000L))
                .tableMaxWriteCapacityUnits(limits.getOrDefault("TableMaxWriteCapacityUnits", 40_000L))
                .build();
    }

    @Override
    public DescribeContributorInsightsResponse describeContributorInsights(DescribeContributorInsightsRequest request) {
        faults.check("DescribeContributorInsights", request.tableName());
        TableDescription table = existing(request.tableName(), request.indexName());
        return insights.getOrDefault(resource(request.tableName(), request.indexName()),
                DescribeContributorInsightsResponse.builder()
                        .tableName(table.tableName())
                        .indexName(request.indexName())
                        .contributorInsightsStatus(ContributorInsightsStatus.DISABLED)
                        .build());
    }

    /** Enabling creates the rules DynamoDB creates: partition-key and, with a sort key, sort-key rules per mode. */
    @Override
    public UpdateContributorInsightsResponse updateContributorInsights(UpdateContributorInsightsRequest request) {
        faults.check("UpdateContributorInsights", request.tableName());
        TableDescription table = existing(request.tableName(), request.indexName());
        boolean enable = request.contributorInsightsAction() == ContributorInsightsAction.ENABLE;
        ContributorInsightsMode mode = request.contributorInsightsMode() == null
                ? ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS : request.contributorInsightsMode();
        String resource = request.indexName() == null ? request.tableName() : request.tableName() + "-" + request.indexName();
        List<String> rules = new ArrayList<>();
        if (enable) {
            long created = clock.instant().toEpochMilli();
            boolean sortKey = hasSortKey(table, request.indexName());
            if (mode == ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS) {
                rules.add("DynamoDBContributorInsights-PKC-" + resource + "-" + created);
                if (sortKey) {
                    rules.add("DynamoDBContributorInsights-SKC-" + resource + "-" + created);
                }
            }
            rules.add("DynamoDBContributorInsights-PKT-" + resource + "-" + created);
            if (sortKey) {
                rules.add("DynamoDBContributorInsights-SKT-" + resource + "-" + created);
            }
        }
        insights.put(resource(request.tableName(), request.indexName()), DescribeContributorInsightsResponse.builder()
                .tableName(request.tableName())
                .indexName(request.indexName())
                .contributorInsightsStatus(enable ? ContributorInsightsStatus.ENABLED : ContributorInsightsStatus.DISABLED)
                .contributorInsightsMode(enable ? mode : null)
                .contributorInsightsRuleList(rules)
                .lastUpdateDateTime(clock.instant())
                .build());
        return UpdateContributorInsightsResponse.builder()
                .tableName(request.tableName())
                .indexName(request.indexName())
                .contributorInsightsStatus(enable ? ContributorInsightsStatus.ENABLING : ContributorInsightsStatus.DISABLING)
                .build();
    }

    private TableDescription existing(String tableName, String indexName) {
        TableDescription table = local.describeTable(r -> r.tableName(tableName)).table();
        if (indexName != null && table.globalSecondaryIndexes().stream().noneMatch(g -> g.indexName().equals(indexName))) {
            throw ResourceNotFoundException.builder().message("index " + indexName + " of table " + tableName + " not found").build();
        }
        return table;
    }

    private static boolean hasSortKey(TableDescription table, String indexName) {
        var keySchema = indexName == null ? table.keySchema() : table.globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals(indexName)).findFirst().orElseThrow().keySchema();
        return keySchema.stream().anyMatch(k -> k.keyType() == KeyType.RANGE);
    }

    private static String resource(String table, String index) {
        return index == null ? "table/" + table : "table/" + table + "/index/" + index;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        local.close();
    }
}
