package io.throttleresponder.infra.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResponderPolicyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void toJson_mapsDryRunKillSwitchDefaultsAndEveryTable() throws Exception {
        ResponderConfig config = ConfigLoader.parse(Path.of("team.json"), """
                { "dryRun": true, "killSwitch": true,
                  "notifications": { "emails": ["oncall@example.com"] },
                  "defaults": { "policy": { "scaleFactor": 3.0, "hotKeySummaryRepeats": 2 } },
                  "tables": [
                    { "name": "orders", "billingMode": "PROVISIONED", "policy": { "maxReadCapacityUnits": 1000, "dryRun": false } },
                    { "name": "sessions", "billingMode": "PAY_PER_REQUEST" } ] }
                """);

        JsonNode policy = JSON.readTree(ResponderPolicy.toJson(config));

        assertThat(policy).isEqualTo(JSON.readTree("""
                { "dryRun": true, "killSwitch": true,
                  "defaults": { "scaleFactor": 3.0, "hotKeySummaryRepeats": 2 },
                  "tables": { "orders": { "maxReadCapacityUnits": 1000, "dryRun": false }, "sessions": {} } }
                """));
    }

    @Test
    void toJson_withoutDryRunInTheFile_isNotDryRun() throws Exception {
        ResponderConfig config = ConfigLoader.parse(Path.of("team.json"), """
                { "notifications": { "emails": ["oncall@example.com"] },
                  "tables": [ { "name": "orders", "billingMode": "PROVISIONED" } ] }
                """);

        JsonNode policy = JSON.readTree(ResponderPolicy.toJson(config));

        assertThat(policy.get("dryRun").booleanValue()).isFalse();
        assertThat(policy.get("killSwitch").booleanValue()).isFalse();
        assertThat(policy.get("tables").fieldNames()).toIterable().containsExactly("orders");
    }
}
