package io.throttleresponder.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ReplicaDescription;

/**
 * Reads the sandbox tables file: a JSON array of CreateTable inputs in the form
 * {@code aws dynamodb create-table --cli-input-json} takes, each optionally with "ScalableTargets" in
 * the form {@code aws application-autoscaling describe-scalable-targets} prints and "Replicas" in the form
 * {@code aws dynamodb describe-table} prints (a global table's replicas, which DynamoDB Local cannot hold).
 */
public final class SandboxTables {

    /** The CLI's JSON uses the API's member names, which the SDK's builders accept as bean properties. */
    private static final ObjectMapper CLI_JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public record SandboxTable(CreateTableRequest createTable, List<ScalableTarget> scalableTargets,
                               List<ReplicaDescription> replicas, List<ScalingPolicy> scalingPolicies) {

        public SandboxTable(CreateTableRequest createTable, List<ScalableTarget> scalableTargets) {
            this(createTable, scalableTargets, List.of(), List.of());
        }
    }

    private SandboxTables() {}

    public static List<SandboxTable> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new SandboxException("cannot read tables file " + file + ": " + e.getMessage());
        }
        return read(root, file.toString());
    }

    /** The tables file's array, read from elsewhere (a scenario's inline tables); {@code file} names it in errors. */
    public static List<SandboxTable> read(JsonNode root, String file) {
        if (root == null || !root.isArray()) {
            throw new SandboxException(file + " must be a JSON array of CreateTable inputs");
        }
        List<SandboxTable> tables = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            if (!entry.isObject()) {
                throw new SandboxException(file + "[" + i + "] must be a JSON object");
            }
            ObjectNode createTable = ((ObjectNode) entry).deepCopy();
            JsonNode targets = createTable.remove("ScalableTargets");
            JsonNode replicas = createTable.remove("Replicas");
            JsonNode policies = createTable.remove("ScalingPolicies");
            tables.add(new SandboxTable(createTable(createTable, file, i), scalableTargets(targets, file, i),
                    replicas(replicas, file, i), scalingPolicies(policies, file, i)));
        }
        return tables;
    }

    private static CreateTableRequest createTable(ObjectNode input, String file, int i) {
        try {
            return CLI_JSON.treeToValue(input, CreateTableRequest.serializableBuilderClass()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new SandboxException(file + "[" + i + "] is not a CreateTable input: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static List<ScalableTarget> scalableTargets(JsonNode targets, String file, int i) {
        List<ScalableTarget> result = new ArrayList<>();
        if (targets == null) {
            return result;
        }
        if (!targets.isArray()) {
            throw new SandboxException(file + "[" + i + "].ScalableTargets must be an array");
        }
        for (JsonNode target : targets) {
            String where = file + "[" + i + "].ScalableTargets";
            result.add(ScalableTarget.builder()
                    .serviceNamespace(target.path("ServiceNamespace").asText(ServiceNamespace.DYNAMODB.toString()))
                    .resourceId(required(target, "ResourceId", where))
                    .scalableDimension(required(target, "ScalableDimension", where))
                    .minCapacity(Integer.parseInt(required(target, "MinCapacity", where)))
                    .maxCapacity(Integer.parseInt(required(target, "MaxCapacity", where)))
                    .roleARN(target.path("RoleARN").asText(null))
                    .suspendedState(s -> s
                            .dynamicScalingInSuspended(target.path("SuspendedState").path("DynamicScalingInSuspended").asBoolean(false))
                            .dynamicScalingOutSuspended(target.path("SuspendedState").path("DynamicScalingOutSuspended").asBoolean(false))
                            .scheduledScalingSuspended(target.path("SuspendedState").path("ScheduledScalingSuspended").asBoolean(false)))
                    .build());
        }
        return result;
    }

    private static List<ReplicaDescription> replicas(JsonNode replicas, String file, int i) {
        List<ReplicaDescription> result = new ArrayList<>();
        if (replicas == null) {
            return result;
        }
        if (!replicas.isArray()) {
            throw new SandboxException(file + "[" + i + "].Replicas must be an array");
        }
        for (JsonNode replica : replicas) {
            String where = file + "[" + i + "].Replicas";
            required(replica, "RegionName", where);
            try {
                result.add(CLI_JSON.treeToValue(replica, ReplicaDescription.serializableBuilderClass()).build());
            } catch (IOException | IllegalArgumentException e) {
                throw new SandboxException(where + " entry is not a replica as DescribeTable shows it: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return result;
    }

    /** As {@code aws application-autoscaling describe-scaling-policies} prints them. */
    private static List<ScalingPolicy> scalingPolicies(JsonNode policies, String file, int i) {
        List<ScalingPolicy> result = new ArrayList<>();
        if (policies == null) {
            return result;
        }
        String where = file + "[" + i + "].ScalingPolicies";
        if (!policies.isArray()) {
            throw new SandboxException(where + " must be an array");
        }
        for (JsonNode policy : policies) {
            required(policy, "ResourceId", where);
            required(policy, "ScalableDimension", where);
            // CLI v2 prints CreationTime in ISO 8601 with an offset; the SDK's builder takes an Instant.
            ObjectNode fields = ((ObjectNode) policy).deepCopy();
            JsonNode created = fields.remove("CreationTime");
            try {
                ScalingPolicy.Builder builder = CLI_JSON.treeToValue(fields, ScalingPolicy.serializableBuilderClass());
                if (created != null) {
                    builder.creationTime(OffsetDateTime.parse(created.asText()).toInstant());
                }
                result.add(builder.build());
            } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                throw new SandboxException(where + " entry is not a scaling policy as describe-scaling-policies prints it: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return result;
    }

    /** A PutScalingPolicy request in the form {@code aws application-autoscaling put-scaling-policy --cli-input-json} takes. */
    public static PutScalingPolicyRequest putScalingPolicy(JsonNode input, String where) {
        if (input == null || !input.isObject()) {
            throw new SandboxException(where + " must be a put-scaling-policy input (a JSON object)");
        }
        try {
            return CLI_JSON.treeToValue(input, PutScalingPolicyRequest.serializableBuilderClass()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new SandboxException(where + " is not a put-scaling-policy input: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new SandboxException(where + " entry lacks " + field);
        }
        return value.asText();
    }
}
