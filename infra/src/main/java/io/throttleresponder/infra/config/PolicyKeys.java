package io.throttleresponder.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Building the responder policy's keys of {@code defaults.policy} and of each table's {@code policy}. */
final class PolicyKeys {

    private final JsonFields fields;

    PolicyKeys(JsonFields fields) {
        this.fields = fields;
    }

    /** @param perTable a table's own policy, which alone may set dryRun */
    Map<String, Object> read(JsonNode node, String path, boolean perTable) {
        Map<String, Object> policy = new LinkedHashMap<>();
        if (node == null || !fields.requireObject(node, path)) {
            return policy;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> field = entries.next();
            String key = field.getKey();
            String keyPath = path + "." + key;
            if ("dryRun".equals(key) && !perTable) {
                fields.problem(keyPath + ": set the top-level \"dryRun\" for every table; a table's own policy may override it");
                continue;
            }
            Optional<PolicyOption> option = PolicyOption.named(key);
            if (option.isEmpty()) {
                fields.problem("%s: unknown key; the policy keys are %s".formatted(keyPath, PolicyOption.names()));
                continue;
            }
            option.get().validate(field.getValue()).ifPresentOrElse(
                    problem -> fields.problem(keyPath + ": " + problem),
                    () -> policy.put(key, option.get().value(field.getValue())));
        }
        return policy;
    }
}
