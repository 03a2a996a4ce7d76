package io.throttleresponder.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.contract.PolicyKey;
import io.throttleresponder.contract.RegionCode;
import java.util.List;
import java.util.Optional;

/**
 * A responder policy key of the configuration, validated against the keys and bounds the functions
 * parse ({@link PolicyKey}), so a file synth accepts never stops the function at start-up.
 */
final class PolicyOption {

    private final PolicyKey key;

    private PolicyOption(PolicyKey key) {
        this.key = key;
    }

    static Optional<PolicyOption> named(String key) {
        return PolicyKey.named(key).map(PolicyOption::new);
    }

    static List<String> names() {
        return PolicyKey.keys();
    }

    /** @return what is wrong with the value, if anything */
    Optional<String> validate(JsonNode value) {
        return switch (key.type()) {
            case BOOLEAN -> value.isBoolean() ? Optional.empty() : Optional.of("expected true or false, found " + value);
            case CONTRIBUTOR_INSIGHTS_MODE -> value.isTextual() && PolicyKey.CONTRIBUTOR_INSIGHTS_MODES.contains(value.asText())
                    ? Optional.empty()
                    : Optional.of("expected one of %s, found %s".formatted(PolicyKey.CONTRIBUTOR_INSIGHTS_MODES, value));
            case REGION -> value.isTextual() && RegionCode.isCode(value.asText())
                    ? Optional.empty()
                    : Optional.of("expected a Region code such as us-east-1, found " + value);
            case NUMBER, WHOLE_NUMBER -> validateNumber(value);
        };
    }

    private Optional<String> validateNumber(JsonNode value) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            return Optional.of(value + " is not a number");
        }
        if (key.type() == PolicyKey.Type.WHOLE_NUMBER && !value.canConvertToExactIntegral()) {
            return Optional.of(value + " is not a whole number");
        }
        double number = value.doubleValue();
        if (key.minimumExcluded() ? number <= key.minimum() : number < key.minimum()) {
            return Optional.of("must be %s %s, found %s".formatted(key.minimumExcluded() ? "greater than" : "at least",
                    PolicyKey.format(key.minimum()), value));
        }
        return number <= key.maximum() ? Optional.empty()
                : Optional.of("must be at most %s, found %s".formatted(PolicyKey.format(key.maximum()), value));
    }

    Object value(JsonNode value) {
        return switch (key.type()) {
            case BOOLEAN -> value.booleanValue();
            case CONTRIBUTOR_INSIGHTS_MODE, REGION -> value.asText();
            case NUMBER -> value.doubleValue();
            case WHOLE_NUMBER -> value.longValue();
        };
    }
}
