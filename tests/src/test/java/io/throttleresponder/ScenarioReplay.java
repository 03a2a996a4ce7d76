package io.throttleresponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One `--json --scenario` run of the local runner, read back: its results in order, the final state, stderr. */
record ScenarioReplay(int exit, List<JsonNode> results, JsonNode finalState, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ScenarioReplay of(Path scenario) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // From tests/, where Maven runs them, the runner's default --insights (events/insights) is not there.
        int exit = LocalRunner.run(new String[] {"--insights", SandboxFixture.EVENTS.resolve("insights").toString(), "--json",
                        "--scenario", scenario.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        try {
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        boolean hasFinal = last != null && last.has("final");
        return new ScenarioReplay(exit, hasFinal ? lines.subList(0, lines.size() - 1) : lines,
                hasFinal ? last.get("final") : null, err.toString(StandardCharsets.UTF_8));
    }

    /** The results of one kind (NOTIFICATION, SUMMARY, RECOVERY, RETRY, OPS), in order. */
    List<JsonNode> ofKind(String kind) {
        return results.stream().filter(r -> r.get("kind").asText().equals(kind)).toList();
    }

    /** The action of a type in a result; fails when it has none. */
    static JsonNode action(JsonNode result, String type) {
        for (JsonNode action : result.get("actions")) {
            if (action.get("type").asText().equals(type)) {
                return action;
            }
        }
        throw new AssertionError(type + " not in " + result);
    }
}
