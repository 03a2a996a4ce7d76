package io.throttleresponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxTables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sample tables in a fresh sandbox, and the handler run on event files from events/. */
final class SandboxFixture implements AutoCloseable {

    static final Path EVENTS = Path.of("..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Sandbox sandbox;
    private final AlarmHandler handler;

    private SandboxFixture(Sandbox sandbox, AlarmHandler handler) {
        this.sandbox = sandbox;
        this.handler = handler;
    }

    static SandboxFixture withDefaultPolicy() {
        Sandbox sandbox = Sandbox.start(SandboxTables.read(EVENTS.resolve("sandbox-tables.json")), null);
        return new SandboxFixture(sandbox, new AlarmHandler(sandbox.responder(sandbox.defaultPolicy()).build()));
    }

    static SandboxFixture withPolicy(String policyJson) {
        Sandbox sandbox = Sandbox.start(SandboxTables.read(EVENTS.resolve("sandbox-tables.json")), null);
        Policy policy = PolicyParser.parse(policyJson, "test policy");
        return new SandboxFixture(sandbox, new AlarmHandler(sandbox.responder(policy).build()));
    }

    /** Runs one file through the handler; returns the handler's responses. */
    List<JsonNode> handle(String eventFile) {
        try {
            return handleBytes(Files.readAllBytes(EVENTS.resolve(eventFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> handleBytes(byte[] event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), output, null);
            List<JsonNode> responses = new ArrayList<>();
            JSON.readTree(output.toByteArray()).forEach(responses::add);
            return responses;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode only(String eventFile) {
        List<JsonNode> responses = handle(eventFile);
        if (responses.size() != 1) {
            throw new AssertionError("expected one response for " + eventFile + ", got " + responses);
        }
        return responses.get(0);
    }

    Sandbox.Capacity capacity(String resource) {
        return sandbox.capacities().get(resource);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
