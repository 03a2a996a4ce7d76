package io.throttleresponder.sandbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
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
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
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

    private final DynamoDbClient local;
    private final Faults faults;
    private volatile Map<String, Long> limits = Map.of();
    private final TableOverlay overlay;
    private final ContributorInsightsSettings insights;
    /** Keyed by table name: the tags TagResource and CreateTable gave it, kept here whatever DynamoDB Local does with them. */
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    public SandboxDynamoDb(DynamoDbClient local, Faults faults, Clock clock) {
        this.local = local;
        this.faults = faults;
        this.overlay = new TableOverlay(local, clock);
        this.insights = new ContributorInsightsSettings(local, clock);
    }

    /** The replicas a global table has, as DescribeTable shows them; DynamoDB Local has a single Region. */
    public void replicas(String table, List<ReplicaDescription> replicaDescriptions) {
        overlay.replicas(table, replicaDescriptions);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        CreateTableResponse response = local.createTable(request.toBuilder().tags((List<Tag>) null).build());
        if (request.hasTags()) {
            Map<String, String> created = new ConcurrentHashMap<>();
            request.tags().forEach(tag -> created.put(tag.key(), tag.value()));
            tags.put(request.tableName(), created);
        }
        overlay.created(request);
        return response.toBuilder().tableDescription(overlay.overlay(response.tableDescription())).build();
    }

    /**
     * Someone deletes the table: from then on DescribeTable, UpdateTable and the Contributor Insights
     * calls answer ResourceNotFoundException, as DynamoDB does once the deletion completes.
     */
    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest request) {
        DeleteTableResponse response = local.deleteTable(request);
        insights.deleted(request.tableName());
        overlay.deleted(request.tableName());
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
        TableDescription table = overlay.overlay(local.describeTable(request).table());
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
        return overlay.update(request);
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
        return insights.describe(request);
    }

    /** Enabling creates the rules DynamoDB creates: partition-key and, with a sort key, sort-key rules per mode. */
    @Override
    public UpdateContributorInsightsResponse updateContributorInsights(UpdateContributorInsightsRequest request) {
        faults.check("UpdateContributorInsights", request.tableName());
        return insights.update(request);
    }

    static String resource(String table, String index) {
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
