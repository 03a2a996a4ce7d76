package io.throttleresponder.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The responder's policy document (docs/contracts.md, {@code RESPONDER_POLICY}), generated from the
 * same configuration as the alarms so the two cannot drift.
 */
public final class ResponderPolicy {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ResponderPolicy() {
    }

    public static String toJson(ResponderConfig config) {
        Map<String, Object> tables = new LinkedHashMap<>();
        config.tables().forEach(table -> tables.put(table.name(), table.policyOverrides()));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("dryRun", config.dryRun());
        document.put("killSwitch", config.killSwitch());
        document.put("defaults", config.policyDefaults());
        document.put("tables", tables);
        config.unnamedTables().ifPresent(unnamed -> {
            document.put("watchAllTables", true);
            Map<String, Object> optIn = new LinkedHashMap<>();
            optIn.put("optInTagKey", unnamed.optInTagKey());
            optIn.put("optInTagValue", unnamed.optInTagValue());
            optIn.put("contributorInsightsWithoutOptIn", unnamed.contributorInsightsWithoutOptIn());
            document.put("unnamedTables", optIn);
        });
        config.sensor().ifPresent(sensor -> {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("namespace", sensor.namespace());
            settings.put("logGroups", sensor.logGroups());
            document.put("sensor", settings);
        });
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a policy of strings, numbers and booleans always serializes", e);
        }
    }
}
