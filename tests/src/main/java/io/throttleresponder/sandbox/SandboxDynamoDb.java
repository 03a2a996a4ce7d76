package io.throttleresponder.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsStatus;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * DynamoDB Local plus what it lacks: Contributor Insights (it answers UnknownOperation), the account
 * limits, and tables that go UPDATING. Every other call goes to DynamoDB Local, after the injected
 * {@link Faults} had their say; calls the responder never makes throw.
 */
public final class SandboxDynamoDb implements DynamoDbClient {

    private final DynamoDbClient local;
    private final Faults faults;
    private final Map<String, DescribeContributorInsightsResponse> insights = new ConcurrentHashMap<>();

    public SandboxDynamoDb(DynamoDbClient local, Faults faults) {
        this.local = local;
        this.faults = faults;
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return local.createTable(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        faults.check("DescribeTable", request.tableName());
        DescribeTableResponse response = local.describeTable(request);
        if (!faults.isBusy(request.tableName())) {
            return response;
        }
        return response.toBuilder().table(response.table().toBuilder().tableStatus(TableStatus.UPDATING).build()).build();
    }

    /** DynamoDB Local never goes UPDATING; a busy table here answers as a real one does. */
    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        faults.check("UpdateTable", request.tableName());
        if (faults.isBusy(request.tableName())) {
            throw ResourceInUseException.builder()
                    .message("Attempt to change a resource which is still in use: Table is being updated: " + request.tableName())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceInUseException")
                            .errorMessage("Table is being updated: " + request.tableName()).build())
                    .build();
        }
        return local.updateTable(request);
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

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        for (var item : request.transactItems()) {
            if (item.put() != null) {
                faults.check("PutItem", item.put().tableName());
            }
        }
        return local.transactWriteItems(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return local.scan(request);
    }

    /** The default per-table quota of a new account. */
    @Override
    public DescribeLimitsResponse describeLimits(DescribeLimitsRequest request) {
        return DescribeLimitsResponse.builder()
                .accountMaxReadCapacityUnits(80_000L)
                .accountMaxWriteCapacityUnits(80_000L)
                .tableMaxReadCapacityUnits(40_000L)
                .tableMaxWriteCapacityUnits(40_000L)
                .build();
    }

    @Override
    public DescribeContributorInsightsResponse describeContributorInsights(DescribeContributorInsightsRequest request) {
        faults.check("DescribeContributorInsights", request.tableName());
        TableDescription table = existing(request.tableName(), request.indexName());
        return insights.getOrDefault(key(request.tableName(), request.indexName()),
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
            long created = Instant.now().toEpochMilli();
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
        insights.put(key(request.tableName(), request.indexName()), DescribeContributorInsightsResponse.builder()
                .tableName(request.tableName())
                .indexName(request.indexName())
                .contributorInsightsStatus(enable ? ContributorInsightsStatus.ENABLED : ContributorInsightsStatus.DISABLED)
                .contributorInsightsMode(enable ? mode : null)
                .contributorInsightsRuleList(rules)
                .lastUpdateDateTime(Instant.now())
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

    private static String key(String table, String index) {
        return index == null ? table : table + "/" + index;
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
