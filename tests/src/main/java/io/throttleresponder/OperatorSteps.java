package io.throttleresponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.aws.SnsNotifier;
import io.throttleresponder.aws.ledger.DynamoDbLedger;
import io.throttleresponder.operate.Operator;
import io.throttleresponder.ops.OpsCli;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.scenario.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;


/**
 * A scenario's operator commands, exactly as the operator CLI takes them, on the sandbox's ledger and
 * stand-ins: exit 0 is ACTED, a refusal (exit 1) IGNORED with its reason, a usage error (exit 2) REJECTED.
 */
final class OperatorSteps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scenario scenario;
    private final SandboxWiring wiring;

    OperatorSteps(Scenario scenario, SandboxWiring wiring) {
        this.scenario = scenario;
        this.wiring = wiring;
    }

    /** The command's result as the runner reports it, with its output, its reason (what it printed on stderr) and exit. */
    ObjectNode run(Scenario.OpsStep ops) {
        Sandbox sandbox = wiring.sandbox();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = OpsCli.run(ops.command().trim().split("\\s+"), new PrintStream(output, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), new OpsCli.Connection() {
                    @Override
                    public Operator connect(OpsCli.Target target, Notifier notifier) {
                        return AwsAdapters.operator(wiring.policy(), sandbox.dynamoDb(), sandbox.autoScaling(),
                                sandbox.cloudWatch(), Sandbox.LEDGER_TABLE, notifier, sandbox.clock());
                    }

                    @Override
                    public Notifier publisher(OpsCli.Target target) {
                        return new SnsNotifier(sandbox.sns(), sandbox.topicArn());
                    }
                });
        ObjectNode result = JSON.createObjectNode();
        result.put("source", scenario.file().toString());
        result.put("command", ops.command());
        result.put("outcome", exit == 0 ? "ACTED" : exit == 1 ? "IGNORED" : "REJECTED");
        result.put("exit", exit);
        String reason = errors.toString(StandardCharsets.UTF_8).strip();
        if (!reason.isEmpty()) {
            result.put("reason", reason);
        }
        result.put("output", output.toString(StandardCharsets.UTF_8));
        // The command's actions, as it recorded them in the ledger's history at this step's time (an undo's).
        ArrayNode actions = result.putArray("actions");
        new DynamoDbLedger(sandbox.dynamoDb(), Sandbox.LEDGER_TABLE).history(Optional.empty(), 100).stream()
                .filter(recorded -> recorded.at().equals(ops.at()))
                .map(recorded -> readJson(recorded.responseJson()))
                .filter(response -> response.path("alarm").asText().startsWith("undo "))
                .forEach(response -> response.path("actions").forEach(actions::add));
        return result;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
