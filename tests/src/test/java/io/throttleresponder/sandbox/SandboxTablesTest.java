package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ReplicaStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class SandboxTablesTest {

    private static final String GLOBAL_ON_DEMAND_TABLE = """
            [{
              "TableName": "carts",
              "AttributeDefinitions": [{"AttributeName": "cartId", "AttributeType": "S"},
                                       {"AttributeName": "owner", "AttributeType": "S"}],
              "KeySchema": [{"AttributeName": "cartId", "KeyType": "HASH"}],
              "BillingMode": "PAY_PER_REQUEST",
              "OnDemandThroughput": {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 800},
              "GlobalSecondaryIndexes": [{
                "IndexName": "by-owner",
                "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
                "OnDemandThroughput": {"MaxReadRequestUnits": 400, "MaxWriteRequestUnits": -1}
              }],
              "Replicas": [
                {"RegionName": "us-east-1", "ReplicaStatus": "ACTIVE"},
                {"RegionName": "eu-west-1", "ReplicaStatus": "ACTIVE",
                 "OnDemandThroughputOverride": {"MaxReadRequestUnits": 200}}
              ]
            }]
            """;

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("tables.json"), json);
    }

    @Test
    void replicasAreReadApart_fromTheCreateTableInput_withTheOnDemandMaximaOfTableAndIndex() throws IOException {
        SandboxTables.SandboxTable table = SandboxTables.read(file(GLOBAL_ON_DEMAND_TABLE)).get(0);

        assertThat(table.replicas()).extracting(r -> r.regionName()).containsExactly("us-east-1", "eu-west-1");
        assertThat(table.replicas().get(1).replicaStatus()).isEqualTo(ReplicaStatus.ACTIVE);
        assertThat(table.replicas().get(1).onDemandThroughputOverride().maxReadRequestUnits()).isEqualTo(200);
        assertThat(table.createTable().onDemandThroughput().maxReadRequestUnits()).isEqualTo(-1);
        assertThat(table.createTable().globalSecondaryIndexes().get(0).onDemandThroughput().maxReadRequestUnits()).isEqualTo(400);
        assertThat(table.scalableTargets()).isEmpty();
    }

    @Test
    void scalingPoliciesAreReadAsDescribeScalingPoliciesPrintsThem_creationTimeIncluded() throws IOException {
        Path file = file("""
                [{"TableName": "inventory", "BillingMode": "PROVISIONED",
                  "AttributeDefinitions": [{"AttributeName": "sku", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "sku", "KeyType": "HASH"}],
                  "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                  "ScalingPolicies": [{"PolicyName": "inventory-writes", "ServiceNamespace": "dynamodb",
                    "ResourceId": "table/inventory", "ScalableDimension": "dynamodb:table:WriteCapacityUnits",
                    "PolicyType": "TargetTrackingScaling",
                    "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70.0, "ScaleOutCooldown": 300,
                      "PredefinedMetricSpecification": {"PredefinedMetricType": "DynamoDBWriteCapacityUtilization"}},
                    "CreationTime": "2026-11-01T10:04:13.518000+00:00"}]}]
                """);

        ScalingPolicy policy = SandboxTables.read(file).get(0).scalingPolicies().get(0);

        assertThat(policy.policyName()).isEqualTo("inventory-writes");
        assertThat(policy.targetTrackingScalingPolicyConfiguration().scaleOutCooldown()).isEqualTo(300);
        assertThat(policy.creationTime()).isEqualTo(Instant.parse("2026-11-01T10:04:13.518Z"));
        assertThatThrownBy(() -> SandboxTables.read(file(Files.readString(file).replace("+00:00\"", "\" "))))
                .isInstanceOf(SandboxException.class).hasMessageContaining("ScalingPolicies entry is not a scaling policy");
    }

    @Test
    void aReplicaWithoutItsRegion_isRefusedWithWhere() throws IOException {
        Path file = file(GLOBAL_ON_DEMAND_TABLE.replace("{\"RegionName\": \"us-east-1\", ", "{"));

        assertThatThrownBy(() -> SandboxTables.read(file)).isInstanceOf(SandboxException.class)
                .hasMessageContaining("[0].Replicas entry lacks RegionName");
    }

    @Test
    void theSandbox_describesATablesReplicasAndMaximaAsTheFileGivesThem() throws IOException {
        try (Sandbox sandbox = Sandbox.start(SandboxTables.read(file(GLOBAL_ON_DEMAND_TABLE)), null, null)) {
            TableDescription carts = sandbox.dynamoDb().describeTable(r -> r.tableName("carts")).table();

            assertThat(carts.replicas()).extracting(r -> r.regionName()).containsExactly("us-east-1", "eu-west-1");
            assertThat(carts.globalTableVersion()).isEqualTo("2019.11.21");
            assertThat(carts.onDemandThroughput()).isEqualTo(
                    OnDemandThroughput.builder().maxReadRequestUnits(-1L).maxWriteRequestUnits(800L).build());
            assertThat(carts.globalSecondaryIndexes().get(0).onDemandThroughput()).isEqualTo(
                    OnDemandThroughput.builder().maxReadRequestUnits(400L).maxWriteRequestUnits(-1L).build());
            assertThat(sandbox.capacities().get("table/carts").maxWrite()).isEqualTo(800);
            assertThat(List.copyOf(sandbox.capacities().keySet())).containsExactly("table/carts", "table/carts/index/by-owner");
        }
    }
}
