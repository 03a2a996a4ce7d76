package io.throttleresponder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.sandbox.SandboxException;
import io.throttleresponder.sandbox.SandboxTables;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * Event files through the handlers against the sandbox: its clock at each event's time, the follow-ups an
 * event queues run at once after it, and the capacity before and after read back from DynamoDB Local.
 */
final class SandboxRun {

    private SandboxRun() {}

    static int run(RunnerOptions options, PrintStream out, PrintStream err) {
        List<SandboxTables.SandboxTable> tables = SandboxTables.read(options.tables());
        if (!Files.isDirectory(options.insights())) {
            throw new SandboxException("--insights " + options.insights() + " is not a directory");
        }
        // The incident's own time: the first event's alarm (today, when no file holds an alarm).
        Instant start = options.events().stream().map(EventTimes::of).flatMap(Optional::stream).findFirst()
                .orElseGet(Instant::now);
        Sandbox.Settings settings = new Sandbox.Settings(
                options.account() == null ? Sandbox.Settings.DEFAULT_ACCOUNT : options.account(),
                options.region() == null ? Sandbox.Settings.DEFAULT_REGION : options.region(), start);
        try (Sandbox sandbox = Sandbox.start(tables, options.insights(), err, settings)) {
            sandbox.sns().showChat(options.showChat());
            Policy policy = options.config() == null ? sandbox.defaultPolicy() : PolicyFiles.read(options.config(), err);
            if (options.sensorLines() != null) {
                policy = sandbox.replayApplicationLines(policy, readLines(options.sensorLines()));
            }
            Map<String, Sandbox.Capacity> before = sandbox.capacities();
            SandboxWiring wiring = SandboxWiring.of(sandbox, policy, LocalRunner.metrics(options, err));
            int exit = LocalRunner.runEvents(wiring.handler(), options, out, err, new LocalRunner.EventSteps() {
                @Override
                public void before(Path event) {
                    EventTimes.of(event).ifPresent(time -> {
                        // Time never goes back (decreases, cooldowns and claims count on it): an older file runs at the clock's.
                        if (time.isBefore(sandbox.clock().instant())) {
                            err.println(event + ": its alarm (" + time + ") is older than the sandbox clock ("
                                    + sandbox.clock().instant() + "): it runs at the clock's time, so its summary window"
                                    + " reaches from its alarm to then");
                        }
                        sandbox.clock().advanceTo(time);
                    });
                }

                @Override
                public boolean after(ObjectNode result, PrintStream log) {
                    return runFollowUps(sandbox, wiring.followUps(), result, log);
                }
            });
            PrintStream summary = options.json() ? err : out;
            summary.println();
            summary.println("Capacity before -> after (read back from DynamoDB Local):");
            sandbox.capacities().forEach((resource, after) -> summary.printf("  %-32s %s%s%n", resource, before.get(resource),
                    after.equals(before.get(resource)) ? "  (unchanged)" : "\n  " + " ".repeat(32) + " -> " + after));
            return exit;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new SandboxException("--sensor-lines " + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Runs, through the follow-up handler, what this event put on the queue, each at its due time on
     * the sandbox clock; merges their summaries and actions into the event's result. Repeats those
     * follow-ups schedule in turn stay on AWS's side of the story: they are dropped here, with a note.
     */
    private static boolean runFollowUps(Sandbox sandbox, SandboxFollowUps followUps, ObjectNode result, PrintStream err) {
        if (!result.path("alarm").isTextual() || !result.path("state").isTextual()) {
            return false;
        }
        boolean failed = false;
        sandbox.cloudWatch().setAlarmState(result.get("alarm").asText(), StateValue.fromValue(result.get("state").asText()));
        ArrayNode summaries = result.putArray("summaries");
        for (FollowUpHandler.Batch batch : followUps.runQueued()) {
            for (FollowUpResult followUp : batch.results()) {
                followUp.summaries().forEach(s -> summaries.add(ResponseJson.toJson(s)));
                // A summary's own steps (its message, its repeat) are in the summary; recoveries and retries change things.
                if (followUp.followUp().kind() != FollowUp.Kind.HOT_KEY_SUMMARY) {
                    followUp.actions().forEach(a -> ((ArrayNode) result.get("actions")).add(ResponseJson.toJson(a)));
                }
                if (followUp.reason() != null && followUp.outcome() == Outcome.IGNORED) {
                    result.withArrayProperty("findings").add(followUp.followUp().kind() + ": " + followUp.reason());
                }
            }
            if (!batch.failedMessageIds().isEmpty() || !batch.dropped().isEmpty()) {
                failed = true;
                err.println("follow-up failed or dropped: " + batch.dropped());
            }
        }
        int pending = followUps.discardQueued();
        if (pending > 0) {
            err.println("(" + pending + " follow-up(s) scheduled by follow-ups not run in the sandbox: on AWS they would run"
                    + " later, while the alarm stays in ALARM)");
        }
        return failed;
    }
}
