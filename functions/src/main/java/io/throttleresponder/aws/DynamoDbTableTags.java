package io.throttleresponder.aws;

import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.evidence.TableTags;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A table's tags by ListTagsOfResource on its ARN, built from the responder's own account and Region
 * (it answers only those alarms) and the partition of an ARN of its own deployment, every page read.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html">ListTagsOfResource</a>
 */
final class DynamoDbTableTags implements TableTags {

    private final DynamoDbClient dynamoDb;
    private final String tableArnPrefix;

    /**
     * @param deploymentArn an ARN of the responder's own deployment (its notifications topic): its partition is the
     *     tables'. Read from there, not from the SDK's Region metadata, whose loader builds every Region's and
     *     every service's metadata, about 370 classes, to name one partition.
     */
    DynamoDbTableTags(DynamoDbClient dynamoDb, OwnAccount ownAccount, String deploymentArn) {
        this.dynamoDb = dynamoDb;
        String[] arn = deploymentArn.split(":", 3);
        if (arn.length < 3 || !arn[0].equals("arn") || arn[1].isEmpty()) {
            throw new IllegalArgumentException("not an ARN, so no partition to read: " + deploymentArn);
        }
        this.tableArnPrefix = "arn:%s:dynamodb:%s:%s:table/".formatted(arn[1], ownAccount.region(), ownAccount.accountId());
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
