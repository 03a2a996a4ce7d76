package io.throttleresponder.infra;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads intrinsic-function values of a synthesized template as text, e.g. {@code arn:${AWS::Partition}:...}. */
final class CloudFormationValues {

    private CloudFormationValues() {
    }

    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Ref")) {
                return "${" + map.get("Ref") + "}";
            }
            if (map.containsKey("Fn::GetAtt")) {
                return "${" + String.join(".", (List<String>) map.get("Fn::GetAtt")) + "}";
            }
            if (map.get("Fn::Sub") instanceof String template) {
                // Its ${...} references read as Ref renders them.
                return template;
            }
            if (map.containsKey("Fn::Join")) {
                List<Object> join = (List<Object>) map.get("Fn::Join");
                return ((List<Object>) join.get(1)).stream()
                        .map(CloudFormationValues::render)
                        .collect(Collectors.joining((String) join.get(0)));
            }
        }
        throw new IllegalArgumentException("not a string, Ref, GetAtt, Sub or Join: " + value);
    }

    /** A statement's Resource or Action, which CloudFormation allows as one value or a list. */
    @SuppressWarnings("unchecked")
    static List<String> renderAll(Object valueOrList) {
        List<Object> values = valueOrList instanceof List<?> list ? (List<Object>) list : List.of(valueOrList);
        return values.stream().map(CloudFormationValues::render).toList();
    }
}
