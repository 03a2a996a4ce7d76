package io.throttleresponder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.aws.ScalingPolicies;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.scenario.Scenario;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;


/** The state a scenario ends in, read back from DynamoDB Local and the stand-ins, and its readable form. */
final class ScenarioFinalState {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scenario scenario;
    private final Sandbox sandbox;

    ScenarioFinalState(Scenario scenario, Sandbox sandbox) {
        this.scenario = scenario;
        this.sandbox = sandbox;
    }

    /** Every table and GSI as AWS would describe it now: capacity or maxima, Contributor Insights, scalable targets. */
    ObjectNode read() {
        ObjectNode state = JSON.createObjectNode();
        List<ScalableTarget> targets = sandbox.autoScaling().targets();
        for (var entry : scenario.tables()) {
            Optional<TableDescription> found = described(entry.createTable().tableName());
            if (found.isEmpty()) {
                state.putObject(ResourceId.table(entry.createTable().tableName()).toString()).put("deleted", true);
                continue;
            }
            TableDescription table = found.get();
            String mode = table.billingModeSummary() == null ? "PROVISIONED" : table.billingModeSummary().billingModeAsString();
            ResourceId tableId = ResourceId.table(table.tableName());
            state.set(tableId.toString(), resourceState(mode, tableId, table.provisionedThroughput(),
                    table.onDemandThroughput(), targets));
            for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
                ResourceId id = new ResourceId(table.tableName(), gsi.indexName());
                state.set(id.toString(), resourceState(mode, id, gsi.provisionedThroughput(), gsi.onDemandThroughput(), targets));
            }
        }
        return state;
    }

    private ObjectNode resourceState(String mode, ResourceId id, ProvisionedThroughputDescription provisioned,
                                     OnDemandThroughput onDemand,
                                     List<ScalableTarget> targets) {
        ObjectNode node = JSON.createObjectNode();
        node.put("billingMode", mode);
        if (mode.equals("PAY_PER_REQUEST")) {
            node.put("maxRead", onDemand == null ? null : onDemand.maxReadRequestUnits());
            node.put("maxWrite", onDemand == null ? null : onDemand.maxWriteRequestUnits());
        } else {
            node.put("read", provisioned.readCapacityUnits());
            node.put("write", provisioned.writeCapacityUnits());
        }
        node.put("contributorInsights", sandbox.dynamoDb().describeContributorInsights(
                r -> r.tableName(id.table()).indexName(id.index())).contributorInsightsStatusAsString());
        ObjectNode scalable = node.putObject("scalableTargets");
        targets.stream().filter(t -> t.resourceId().equals(id.toString())).forEach(t -> scalable.putObject(
                t.scalableDimensionAsString().contains("Read") ? "READ" : "WRITE")
                .put("min", t.minCapacity()).put("max", t.maxCapacity()));
        // Only where there are some, so that the state of a resource without policies reads as before.
        List<ScalingPolicy> policies = sandbox.autoScaling().policies().stream()
                .filter(p -> p.resourceId().equals(id.toString())).toList();
        if (!policies.isEmpty()) {
            ObjectNode byDimension = node.putObject("scalingPolicies");
            policies.forEach(p -> byDimension.set(p.scalableDimensionAsString().contains("Read") ? "READ" : "WRITE",
                    policyJson(p)));
        }
        return node;
    }

    /** As describe-scaling-policies prints the policy's own settings. */
    private static JsonNode policyJson(ScalingPolicy policy) {
        try {
            return JSON.readTree(ScalingPolicies.toJson(ScalingPolicies.fromSdk(policy)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a scaling policy did not print as JSON", e);
        }
    }

    void print(ObjectNode state, PrintStream out) {
        out.println();
        out.println("Final state at " + scenario.end() + " (read back from DynamoDB Local and the stand-ins):");
        state.fields().forEachRemaining(e -> {
            JsonNode resource = e.getValue();
            StringBuilder line = new StringBuilder();
            if (resource.path("deleted").asBoolean()) {
                out.printf("  %-32s %s%n", e.getKey(), "deleted");
                return;
            }
            if (resource.get("billingMode").asText().equals("PAY_PER_REQUEST")) {
                line.append("on demand, max read ").append(maximum(resource.get("maxRead")))
                        .append(", max write ").append(maximum(resource.get("maxWrite")));
            } else {
                line.append("read ").append(resource.get("read").asLong()).append(" RCU, write ")
                        .append(resource.get("write").asLong()).append(" WCU");
            }
            line.append("; Contributor Insights ").append(resource.get("contributorInsights").asText());
            resource.get("scalableTargets").fields().forEachRemaining(t -> line.append("; auto scaling ")
                    .append(t.getKey()).append(' ').append(t.getValue().get("min").asLong()).append('-')
                    .append(t.getValue().get("max").asLong()));
            resource.path("scalingPolicies").fields().forEachRemaining(p -> line.append("; policy ").append(p.getKey())
                    .append(" TargetValue ").append(p.getValue().path("TargetTrackingScalingPolicyConfiguration")
                            .path("TargetValue").asText()));
            out.printf("  %-32s %s%n", e.getKey(), line);
        });
    }

    private static String maximum(JsonNode value) {
        return value == null || value.isNull() || value.asLong() < 0 ? "none" : value.asText();
    }

    private Optional<TableDescription> described(String table) {
        try {
            return Optional.of(sandbox.dynamoDb().describeTable(r -> r.tableName(table)).table());
        } catch (ResourceNotFoundException deleted) {
            return Optional.empty();
        }
    }
}
