package io.throttleresponder.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.operate.RecordedResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "What the responder did, newest first, from the ledger (kept 30 days).")
final class HistoryCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    OpsCli cli;

    @Parameters(arity = "0..1", paramLabel = "TABLE",
            description = "one table: orders, table/orders or table/orders/index/by-status (its table's; default: every table)")
    String table;

    @Option(names = "--limit", defaultValue = "20", description = "at most this many responses (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON object per response")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new OpsException("--limit must be at least 1, was " + limit, true);
        }
        Optional<String> tableName = Optional.ofNullable(table).map(t -> TableArgument.resource(t, null).table());
        List<RecordedResponse> history = cli.operator().history(tableName, limit);
        if (history.isEmpty() && !json) {
            cli.out.println("No responses recorded" + tableName.map(t -> " for table " + t).orElse("") + " in the last 30 days.");
        }
        for (RecordedResponse recorded : history) {
            JsonNode response = parse(recorded.responseJson());
            if (json) {
                ObjectNode line = JSON.createObjectNode();
                line.put("at", recorded.at().toString());
                line.put("table", recorded.table());
                line.put("outcome", recorded.outcome());
                line.set("response", response);
                cli.out.println(line);
            } else {
                cli.out.println(readable(recorded, response));
            }
        }
        return OpsCli.OK;
    }

    static String readable(RecordedResponse recorded, JsonNode response) {
        StringBuilder line = new StringBuilder(recorded.at().toString()).append("  ").append(recorded.table())
                .append("  ").append(recorded.outcome()).append("  ").append(response.path("alarm").asText("-"))
                .append(' ').append(response.path("state").asText(""));
        if (response.path("reason").isTextual()) {
            line.append("\n    reason: ").append(response.get("reason").asText());
        }
        List<String> actions = new ArrayList<>();
        for (JsonNode action : response.path("actions")) {
            actions.add(action.path("status").asText() + " " + action.path("type").asText() + " "
                    + action.path("resource").asText()
                    + (action.path("dimension").isTextual() ? " " + action.get("dimension").asText() : "")
                    + (action.path("from").isNumber() ? " " + action.get("from").asLong() + " -> " + action.get("to").asLong() : ""));
        }
        actions.forEach(a -> line.append("\n    ").append(a));
        return line.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a ledger record that is not JSON: " + e.getMessage(), e);
        }
    }
}
