package io.throttleresponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/** The runner's readable output of a result: a line per event file, or a scenario's block. */
final class ReadableResults {

    private ReadableResults() {}

    static void printReadable(ObjectNode result, PrintStream out) {
        out.printf("%s: %s (%s %s %s)%n", result.get("source").asText(), result.get("outcome").asText(),
                result.path("delivery").asText("-"), result.path("alarm").asText("-"), result.path("state").asText("-"));
        printFindings(result, out);
    }

    /** A scenario's block: what came of the notification or follow-up, under the block's time. */
    static void printDetails(ObjectNode result, PrintStream out) {
        out.printf("  %s%s%n", result.get("outcome").asText(), result.has("delivery")
                ? " (%s %s %s)".formatted(result.path("delivery").asText("-"), result.path("alarm").asText("-"),
                        result.path("state").asText("-"))
                : "");
        printFindings(result, out);
    }

    private static void printFindings(ObjectNode result, PrintStream out) {
        if (!result.path("reason").isNull() && result.has("reason")) {
            out.println("  reason: " + result.get("reason").asText());
        }
        JsonNode incident = result.path("incident");
        if (incident.isObject()) {
            out.printf("  incident: %s%s %s %s%n", incident.get("table").asText(),
                    incident.get("index").isNull() ? "" : "/" + incident.get("index").asText(),
                    incident.get("operation").isNull() ? "-" : incident.get("operation").asText(),
                    incident.get("cause").asText());
        }
        for (JsonNode action : result.path("actions")) {
            out.printf("  %-8s %-28s %s%s%s%n", action.get("status").asText(), action.get("type").asText(),
                    action.get("resource").asText(),
                    action.get("dimension").isNull() ? "" : " " + action.get("dimension").asText(),
                    action.get("to").isNull() ? "" : " " + action.get("from").asText() + " -> " + action.get("to").asText());
        }
        for (JsonNode finding : result.path("findings")) {
            out.println("  finding: " + finding.asText());
        }
        for (JsonNode summary : result.path("summaries")) {
            out.printf("  hot keys %s (%s):%n", summary.get("resource").asText(), summary.get("rule").asText());
            for (JsonNode key : summary.get("topKeys")) {
                out.printf("    %-40s %12.0f %5.1f %%%n", key.get("key").asText(), key.get("value").asDouble(),
                        key.get("share").asDouble() * 100);
            }
            out.println("    recommendation: " + summary.get("recommendation").asText());
        }
    }
}
