package io.throttleresponder.notify;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/** The "incident resolved" message: how long, how bad, what was done and undone, what was left and why. Pure. */
public final class ResolvedReport {


    private ResolvedReport() {}

    /** @param findings what a person should know: what recovery left and why, beyond each action's reason */
    public static IncidentMessage of(IncidentRecord record, Instant resolvedAt, OptionalDouble peakThrottleEvents,
                                     List<Action> actions, List<String> findings) {
        String resource = record.resource().toString();
        String title = "DynamoDB incident resolved on " + resource;
        String lasted = record.startedAt() == null ? "unknown" : human(Duration.between(record.startedAt(), resolvedAt));
        String peak = peakThrottleEvents.isPresent()
                ? Math.round(peakThrottleEvents.getAsDouble()) + " throttle events in one minute"
                : "no throttle datapoints";
        List<String> taken = Stream.concat(record.changes().stream().map(ResolvedReport::taken),
                record.policyChanges().stream().map(ResolvedReport::taken)).toList();
        List<String> undone = actions.stream()
                .filter(a -> a.type().restores() && a.status() == ActionStatus.APPLIED)
                .map(ResolvedReport::line).toList();
        // A value someone else set in the incident stays theirs: said even where the restore went down to it.
        // What no action of this look touched (held by a pause, an unknown alarm) is left too, and said so.
        List<String> left = Stream.of(
                record.changes().stream().filter(c -> c.others() != null)
                        .map(c -> c.dimension() + ": " + c.others().kept(c.type(), c.dimension())
                                + "; the responder's raise was built on it and is undone no lower"),
                actions.stream().filter(a -> a.status() != ActionStatus.APPLIED).map(ResolvedReport::line),
                record.changes().stream().filter(c -> actions.stream().noneMatch(a -> a.type().restores()
                                && a.dimension() == c.dimension()))
                        .map(c -> c.type() + " " + c.dimension() + " at " + c.lastValue() + " (pre-incident "
                                + c.preIncidentValue() + "): not undone yet"),
                record.contributorInsightsEnabledByResponder()
                        && actions.stream().noneMatch(a -> a.type() == ActionType.DISABLE_CONTRIBUTOR_INSIGHTS)
                        ? Stream.of("Contributor Insights: still on, as the responder enabled it") : Stream.<String>empty())
                .flatMap(lines -> lines).toList();

        StringBuilder text = new StringBuilder(title).append("\n\n");
        text.append("Lasted:        ").append(lasted).append('\n');
        text.append("Peak:          ").append(peak).append('\n');
        text.append("Alarms:        ").append(String.join(", ", record.alarms().stream().sorted().toList())).append("\n\n");
        section(text, "Actions taken during the incident", taken);
        section(text, "Undone now", undone);
        section(text, "Left as it is", left);
        if (!findings.isEmpty()) {
            section(text, "To know", findings);
        }

        String chat = ChatNotification.of(":white_check_mark: " + title, "Lasted " + lasted + ", peak " + peak + ".\n"
                        + String.join("\n", undone.stream().map(l -> "• undone: " + l).toList()))
                .nextSteps(Stream.concat(left.stream(), findings.stream()).toList())
                .keywords(List.of(record.resource().table(), "RESOLVED"))
                .threadId(record.startedAt() == null ? resource : IncidentReport.threadId(record.resource(), record.startedAt()))
                .summary(title)
                .eventType("ThrottleResponderIncidentResolved")
                .relatedResources(List.of(resource))
                .toJson();
        return new IncidentMessage("[throttle-responder] Resolved: " + IncidentMessage.truncate(resource, 60),
                text.toString(), chat);
    }

    private static void section(StringBuilder text, String heading, List<String> lines) {
        text.append(heading).append(":\n");
        if (lines.isEmpty()) {
            text.append("  - none\n");
        }
        lines.forEach(l -> text.append("  - ").append(l).append('\n'));
        text.append('\n');
    }

    private static String taken(CapacityChange change) {
        return change.type() + " " + change.dimension() + " " + change.preIncidentValue() + " -> " + change.lastValue();
    }

    private static String taken(PolicyChange change) {
        return ActionType.TUNE_SCALING_POLICY + " " + change.dimension() + " policy " + change.before().name() + ": "
                + change.before().targetTracking().describe() + " -> " + change.set().targetTracking().describe();
    }

    private static String line(Action action) {
        return action.type() + (action.dimension() == null ? "" : " " + action.dimension())
                + (action.from() == null ? "" : " " + action.from() + " -> " + action.to())
                + (action.reason() == null ? "" : " (" + action.reason() + ")");
    }

    static String human(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
    }

    /** The operator CLI's command that undoes the resource by hand. */
    public static String undoCommand(ResourceId resource) {
        return "java -jar throttle-responder-ops.jar undo " + resource.table()
                + (resource.isIndex() ? " --index " + resource.index() : "");
    }
}
