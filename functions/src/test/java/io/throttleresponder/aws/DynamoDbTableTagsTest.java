package io.throttleresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.throttleresponder.intake.OwnAccount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.Tag;

class DynamoDbTableTagsTest {

    /** Answers ListTagsOfResource in two pages and notes each ARN asked for; every other operation throws. */
    private static final class TwoPages implements DynamoDbClient {
        final List<String> arns = new ArrayList<>();

        @Override
        public ListTagsOfResourceResponse listTagsOfResource(ListTagsOfResourceRequest request) {
            arns.add(request.resourceArn());
            return request.nextToken() == null
                    ? ListTagsOfResourceResponse.builder().tags(Tag.builder().key("team").value("orders").build()).nextToken("p2").build()
                    : ListTagsOfResourceResponse.builder().tags(Tag.builder().key("throttle-responder").value("opt-in").build()).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void tags_readsEveryPage_ofTheTableArnInTheDeploymentsPartitionAccountAndRegion() {
        TwoPages dynamoDb = new TwoPages();
        DynamoDbTableTags tags = new DynamoDbTableTags(dynamoDb, new OwnAccount("123456789012", "cn-north-1"),
                "arn:aws-cn:sns:cn-north-1:123456789012:throttle-responder-notifications");

        assertThat(tags.tags("orders")).containsExactly(
                entry("team", "orders"),
                entry("throttle-responder", "opt-in"));
        assertThat(dynamoDb.arns).containsOnly("arn:aws-cn:dynamodb:cn-north-1:123456789012:table/orders").hasSize(2);
    }

    @Test
    void aDeploymentArnThatIsNoArn_isRefusedNamingIt() {
        assertThatThrownBy(() -> new DynamoDbTableTags(new TwoPages(), new OwnAccount("123456789012", "us-east-1"), "notifications"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notifications");
    }
}
