package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxTables;
import io.throttleresponder.wiring.ResponseMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** The sample tables in a fresh sandbox, and the handler run on event files from events/. */
final class SandboxFixture implements AutoCloseable {

    static final Path EVENTS = Path.of("..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Sandbox sandbox;
    final SandboxFollowUps followUps;
    private final Policy policy;
    private final AlarmHandler handler;
    /** The responder's metric lines (embedded metric format), of every handler built here. */
    final List<String> metricLines = Collections.synchronizedList(new ArrayList<>());

    private SandboxFixture(Sandbox sandbox, Policy policy) {
        this.sandbox = sandbox;
        this.policy = policy;
        this.handler = new AlarmHandler(sandbox.responder(policy).build(), ResponseMetrics.writingLinesTo(metricLines::add));
        this.followUps = new SandboxFollowUps(sandbox, new FollowUpHandler(sandbox.followUpResponder(policy).build()));
    }

    private static Sandbox start() {
        return Sandbox.start(SandboxTables.read(EVENTS.resolve("sandbox-tables.json")), EVENTS.resolve("insights"), null);
    }

    static SandboxFixture withDefaultPolicy() {
        Sandbox sandbox = start();
        return new SandboxFixture(sandbox, sandbox.defaultPolicy());
    }

    /** The default policy, with an application's client-sensor lines in the sandbox's log group for Logs Insights. */
    static SandboxFixture withApplicationLines(List<String> lines) {
        Sandbox sandbox = start();
        return new SandboxFixture(sandbox, sandbox.replayApplicationLines(sandbox.defaultPolicy(), lines));
    }

    static SandboxFixture withPolicy(String policyJson) {
        return new SandboxFixture(start(), PolicyParser.parse(policyJson, "test policy"));
    }

    static SandboxFixture withTables(List<SandboxTables.SandboxTable> tables, String policyJson) {
        return new SandboxFixture(Sandbox.start(tables, EVENTS.resolve("insights"), null),
                PolicyParser.parse(policyJson, "test policy"));
    }

    /** Another handler on the same sandbox: what a concurrent invocation in another container runs. */
    AlarmHandler newHandler() {
        return new AlarmHandler(sandbox.responder(policy).build(), ResponseMetrics.writingLinesTo(metricLines::add));
    }

    static List<JsonNode> handle(AlarmHandler handler, byte[] event) {
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

    /**
     * The same alarm as an SNS sample event, in another state at a later time: a state change CloudWatch
     * would send next. Also sets the alarm's state in the sandbox's CloudWatch, as the change implies.
     */
    byte[] stateChange(String eventFile, String state, Duration later) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EVENTS.resolve(eventFile).toFile());
            ObjectNode sns = (ObjectNode) event.get("Records").get(0).get("Sns");
            ObjectNode message = (ObjectNode) JSON.readTree(sns.get("Message").asText());
            String previous = message.get("NewStateValue").asText();
            Instant at = OffsetDateTime.parse(message.get("StateChangeTime").asText(),
                    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant().plus(later);
            message.put("OldStateValue", previous);
            message.put("NewStateValue", state);
            message.put("StateChangeTime", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                    .withZone(ZoneOffset.UTC).format(at));
            sns.put("Message", message.toString());
            sandbox.cloudWatch().setAlarmState(message.get("AlarmName").asText(), StateValue.fromValue(state));
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an alarm event as the sandbox runner does: the alarm's state follows it. */
    JsonNode alarm(String eventFile) {
        JsonNode response = only(eventFile);
        sandbox.cloudWatch().setAlarmState(response.get("alarm").asText(), StateValue.fromValue(response.get("state").asText()));
        return response;
    }

    List<FollowUpResult> runFollowUps() {
        List<FollowUpResult> results = new ArrayList<>();
        followUps.runQueued().forEach(batch -> {
            assertThat(batch.failedMessageIds()).as("failed follow-ups").isEmpty();
            assertThat(batch.dropped()).as("dropped follow-ups").isEmpty();
            results.addAll(batch.results());
        });
        return results;
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
        return handle(handler, event);
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
