package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** RegisterScalableTarget on the in-memory scaler over DynamoDB Local: refuses what the service refuses, moves capacity. */
class InMemoryAutoScalingTest {

    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    private final DynamoDbClient dynamoDb = local.dynamoDbClient();
    private final InMemoryAutoScaling autoScaling = new InMemoryAutoScaling(dynamoDb, new Faults(Clock.systemUTC()));

    InMemoryAutoScalingTest() {
        dynamoDb.createTable(r -> r.tableName("orders")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(50L))
                .globalSecondaryIndexes(g -> g.indexName("by-status")
                        .keySchema(k -> k.attributeName("status").keyType("HASH"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .provisionedThroughput(p -> p.readCapacityUnits(20L).writeCapacityUnits(25L))));
    }

    @AfterEach
    void stop() {
        local.shutdown();
    }

    @Test
    void raisingMinCapacityAboveTheCurrentCapacity_movesItUp() {
        register(r -> table(r).minCapacity(300).maxCapacity(1000));

        assertThat(table().writeCapacityUnits()).isEqualTo(300);
        assertThat(table().readCapacityUnits()).isEqualTo(100);
    }

    @Test
    void loweringMaxCapacityBelowTheCurrentCapacity_movesItDown_andAnUpdateKeepsTheOtherBound() {
        register(r -> table(r).minCapacity(10).maxCapacity(1000));
        register(r -> table(r).maxCapacity(40));

        assertThat(table().writeCapacityUnits()).isEqualTo(40);
        assertThat(autoScaling.targets()).singleElement().extracting(ScalableTarget::minCapacity, ScalableTarget::maxCapacity)
                .containsExactly(10, 40);
    }

    @Test
    void anIndexTarget_movesTheIndexCapacity() {
        register(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders/index/by-status")
                .scalableDimension(ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS).minCapacity(60).maxCapacity(600));

        assertThat(dynamoDb.describeTable(r -> r.tableName("orders")).table().globalSecondaryIndexes().get(0)
                .provisionedThroughput().readCapacityUnits()).isEqualTo(60);
        assertThat(table().readCapacityUnits()).isEqualTo(100);
    }

    @Test
    void aNewTargetWithoutMinAndMaxCapacity_isRefused() {
        assertRefused(r -> table(r).minCapacity(10), "MinCapacity and MaxCapacity are required");
        assertRefused(r -> table(r).maxCapacity(100), "MinCapacity and MaxCapacity are required");
        assertThat(autoScaling.targets()).isEmpty();
    }

    @Test
    void aMinCapacityAboveTheMaxCapacity_afterMergingWithTheExistingTarget_isRefused() {
        assertRefused(r -> table(r).minCapacity(200).maxCapacity(100), "cannot be greater than maximum capacity");
        register(r -> table(r).minCapacity(5).maxCapacity(100));

        assertRefused(r -> table(r).minCapacity(150), "cannot be greater than maximum capacity");
        assertRefused(r -> table(r).maxCapacity(3), "cannot be greater than maximum capacity");
        assertThat(autoScaling.targets()).singleElement().extracting(ScalableTarget::minCapacity, ScalableTarget::maxCapacity)
                .containsExactly(5, 100);
        assertThat(table().writeCapacityUnits()).isEqualTo(50);
    }

    @Test
    void aMissingOrUnknownServiceNamespace_isRefused() {
        assertRefused(r -> table(r).serviceNamespace((String) null).minCapacity(1).maxCapacity(10), "serviceNamespace");
        assertRefused(r -> table(r).serviceNamespace("dynamo").minCapacity(1).maxCapacity(10), "serviceNamespace");
    }

    @Test
    void aResourceIdNotTableNameOrTableNameIndexName_isRefused() {
        for (String resourceId : List.of("orders", "table/", "table/ab", "table/orders/by-status", "table/orders/index/",
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders")) {
            assertRefused(r -> table(r).resourceId(resourceId).minCapacity(1).maxCapacity(10), "resource ID");
        }
    }

    @Test
    void aScalableDimensionOfTheOtherResourceType_isRefused() {
        assertRefused(r -> table(r).scalableDimension(ScalableDimension.DYNAMODB_INDEX_WRITE_CAPACITY_UNITS)
                .minCapacity(1).maxCapacity(10), "scalable dimension");
        assertRefused(r -> table(r).resourceId("table/orders/index/by-status").minCapacity(1).maxCapacity(10),
                "scalable dimension");
        assertRefused(r -> table(r).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1).maxCapacity(10),
                "scalable dimension");
    }

    @Test
    void aMinCapacityBelowOne_isRefused() {
        assertRefused(r -> table(r).minCapacity(0).maxCapacity(10), "at least 1");
    }

    private static RegisterScalableTargetRequest.Builder table(RegisterScalableTargetRequest.Builder request) {
        return request.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS);
    }

    private void register(Consumer<RegisterScalableTargetRequest.Builder> request) {
        autoScaling.registerScalableTarget(request);
    }

    private void assertRefused(Consumer<RegisterScalableTargetRequest.Builder> request, String message) {
        assertThatThrownBy(() -> register(request)).isInstanceOf(ValidationException.class).hasMessageContaining(message);
    }

    private ProvisionedThroughputDescription table() {
        return dynamoDb.describeTable(r -> r.tableName("orders")).table().provisionedThroughput();
    }
}
