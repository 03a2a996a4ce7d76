package io.throttleresponder.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What CloudFormation and IAM refuse at deploy time, checked on the templates of a cloud assembly as the CDK CLI
 * wrote them (and uploads them to S3 for {@code cdk deploy}): each template at most 1,000,000 bytes, 500 resources,
 * 200 outputs and 200 parameters, and each role at most 10 managed policies (IAM's default quota).
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html">CloudFormation quotas</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html">IAM quotas</a>
 */
public final class DeployLimits {

    public static final long MAX_TEMPLATE_BYTES = 1_000_000;
    public static final int MAX_RESOURCES = 500;
    public static final int MAX_OUTPUTS = 200;
    public static final int MAX_PARAMETERS = 200;
    /** IAM's default quota of managed policies per role; an account may have it raised to at most 20. */
    public static final int MAX_MANAGED_POLICIES_PER_ROLE = 10;
    public static final int MAX_RAISED_MANAGED_POLICIES_PER_ROLE = 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DeployLimits() {
    }

    /** Every limit a template in {@code assemblyDirectory} (a {@code cdk.out}) exceeds, one message each; empty when it deploys. */
    public static List<String> violations(Path assemblyDirectory) {
        return violations(assemblyDirectory, MAX_MANAGED_POLICIES_PER_ROLE);
    }

    /** As {@link #violations(Path)}, in an account whose quota of managed policies per role is {@code managedPoliciesPerRole}. */
    public static List<String> violations(Path assemblyDirectory, int managedPoliciesPerRole) {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(assemblyDirectory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".template.json")).sorted().toList()) {
                violations.addAll(violations(file.getFileName().toString(), Files.size(file), JSON.readTree(file.toFile()),
                        managedPoliciesPerRole));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the templates in " + assemblyDirectory, e);
        }
        return violations;
    }

    /** The limits one template exceeds, {@code bytes} being its size as written. */
    static List<String> violations(String name, long bytes, JsonNode template, int managedPoliciesPerRole) {
        List<String> violations = new ArrayList<>();
        if (bytes > MAX_TEMPLATE_BYTES) {
            violations.add("%s: %,d bytes; CloudFormation takes a template of at most %,d".formatted(name, bytes, MAX_TEMPLATE_BYTES));
        }
        count(violations, name, template, "Resources", MAX_RESOURCES);
        count(violations, name, template, "Outputs", MAX_OUTPUTS);
        count(violations, name, template, "Parameters", MAX_PARAMETERS);
        Map<String, Integer> managedPolicies = new HashMap<>();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals("AWS::IAM::ManagedPolicy")) {
                resource.at("/Properties/Roles").forEach(role -> managedPolicies.merge(role.toString(), 1, Integer::sum));
            }
        });
        managedPolicies.forEach((role, count) -> {
            if (count > managedPoliciesPerRole) {
                violations.add(("%s: role %s has %d managed policies (the watched tables' ARNs past its inline policy);"
                        + " IAM attaches at most %d (%s): watch fewer tables by name in this deployment, watch the rest with"
                        + " watchAllTables and the opt-in tag, or have the quota raised (at most %d) and synthesize with"
                        + " -c %s=<quota>").formatted(name, role, count, managedPoliciesPerRole,
                        managedPoliciesPerRole == MAX_MANAGED_POLICIES_PER_ROLE ? "IAM's default quota" : "this account's quota",
                        MAX_RAISED_MANAGED_POLICIES_PER_ROLE, ThrottleResponderApp.MANAGED_POLICIES_PER_ROLE_CONTEXT));
            }
        });
        return violations;
    }

    private static void count(List<String> violations, String name, JsonNode template, String section, int limit) {
        int count = template.path(section).size();
        if (count > limit) {
            violations.add("%s: %d %s; CloudFormation takes at most %d".formatted(name, count, section.toLowerCase(), limit));
        }
    }

    /** The bytes of a template as the CDK CLI writes it: JSON.stringify with an indent of one space. */
    static long writtenBytes(JsonNode node) {
        return writtenBytes(node, 0);
    }

    private static long writtenBytes(JsonNode node, int depth) {
        if (!node.isContainerNode()) {
            return node.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        if (node.isEmpty()) {
            return 2;
        }
        // "{" or "[", a newline per member, the member indented by depth + 1, ",\n" between members, the closing
        // bracket indented by depth.
        long size = 2 + 1 + depth;
        var names = node.fieldNames();
        int index = 0;
        for (JsonNode child : node) {
            size += depth + 1 + writtenBytes(child, depth + 1) + (index++ < node.size() - 1 ? 2 : 1);
            if (node.isObject()) {
                size += JSON.getNodeFactory().textNode(names.next()).toString().getBytes(StandardCharsets.UTF_8).length + 2;
            }
        }
        return size;
    }
}
