package io.throttleresponder.aws;

import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.evidence.TableTags;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A table's tags by ListTagsOfResource on its ARN, built from the responder's own account and Region
 * (it answers only those alarms), every page read.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html">ListTagsOfResource</a>
 */
final class DynamoDbTableTags implements TableTags {

    private final DynamoDbClient dynamoDb;
    private final String tableArnPrefix;

    DynamoDbTableTags(DynamoDbClient dynamoDb, OwnAccount ownAccount) {
        this.dynamoDb = dynamoDb;
        RegionMetadata region = Region.of(ownAccount.region()).metadata();
        this.tableArnPrefix = "arn:%s:dynamodb:%s:%s:table/".formatted(region == null ? "aws" : region.partition().id(),
                ownAccount.region(), ownAccount.accountId());
    }

    @Override
    public Map<String, String> tags(String table) {
        Map<String, String> tags = new LinkedHashMap<>();
        String next = null;
        try {
            do {
                ListTagsOfResourceResponse page = dynamoDb.listTagsOfResource(ListTagsOfResourceRequest.builder()
                        .resourceArn(tableArnPrefix + table).nextToken(next).build());
                page.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                next = page.nextToken();
            } while (next != null);
        } catch (ResourceNotFoundException e) {
            throw new TableNotFoundException(table);
        }
        return tags;
    }
}
