package io.throttleresponder.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;

/**
 * DynamoDB Local plus what it lacks: Contributor Insights (it answers UnknownOperation) and the
 * account limits. Every other call goes to DynamoDB Local; calls the responder never makes throw.
 */
public final class SandboxDynamoDb implements DynamoDbClient {

    private final DynamoDbClient local;
    private final Map<String, DescribeContributorInsightsResponse> insights = new ConcurrentHashMap<>();

    public SandboxDynamoDb(DynamoDbClient local) {
        this.local = local;
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return local.createTable(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return local.describeTable(request);
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        return local.updateTable(request);
    }

    @Override
    public ListTablesResponse listTables(ListTablesRequest request) {
        return local.listTables(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return local.putItem(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return local.getItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return local.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return local.deleteItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return local.query(request);
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
