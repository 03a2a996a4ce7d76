package io.throttleresponder.sandbox;

import static io.throttleresponder.sandbox.SandboxDynamoDb.resource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsAction;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsMode;
import software.amazon.awssdk.services.dynamodb.model.ContributorInsightsStatus;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContributorInsightsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContributorInsightsResponse;

/**
 * Contributor Insights for {@link SandboxDynamoDb}, which DynamoDB Local lacks (it answers UnknownOperation):
 * each table's and GSI's status, mode and rules, on the sandbox clock.
 */
final class ContributorInsightsSettings {

    private final DynamoDbClient local;
    private final Clock clock;
    /** Keyed by resource ("table/NAME[/index/INDEX]"). */
    private final Map<String, DescribeContributorInsightsResponse> insights = new ConcurrentHashMap<>();

    ContributorInsightsSettings(DynamoDbClient local, Clock clock) {
        this.local = local;
        this.clock = clock;
    }

    void deleted(String table) {
        String prefix = resource(table, null);
        insights.keySet().removeIf(key -> key.equals(prefix) || key.startsWith(prefix + "/"));
    }

    DescribeContributorInsightsResponse describe(DescribeContributorInsightsRequest request) {
        TableDescription table = existing(request.tableName(), request.indexName());
        return insights.getOrDefault(resource(request.tableName(), request.indexName()),
                DescribeContributorInsightsResponse.builder()
                        .tableName(table.tableName())
                        .indexName(request.indexName())
                        .contributorInsightsStatus(ContributorInsightsStatus.DISABLED)
                        .build());
    }

    /** Enabling creates the rules DynamoDB creates: partition-key and, with a sort key, sort-key rules per mode. */
    UpdateContributorInsightsResponse update(UpdateContributorInsightsRequest request) {
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
}
