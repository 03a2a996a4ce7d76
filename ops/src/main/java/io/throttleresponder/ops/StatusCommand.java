package io.throttleresponder.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.aws.ScalingPolicies;
import io.throttleresponder.operate.Status;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.notify.IncidentReport;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ScalingPolicy;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Paused or not; open incidents: what is raised against the pre-incident value, cooldowns, due recoveries.")
final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    OpsCli cli;

    @Option(names = "--json", description = "one JSON object")
    boolean json;

    @Override
    public Integer call() {
        Status status = cli.operator().status();
        if (json) {
            cli.out.println(toJson(status));
        } else {
            print(status);
        }
        return OpsCli.OK;
    }

    private void print(Status status) {
        cli.out.println("Responder: " + status.pause().map(p -> "PAUSED, " + p.describe() + ": it changes nothing until"
                + " resume").orElse("running"));
        if (status.incidents().isEmpty()) {
            cli.out.println("Open incidents: none (nothing of the responder's to undo)");
            return;
        }
        cli.out.println("Open incidents: " + status.incidents().size());
        for (Status.Incident incident : status.incidents()) {
            IncidentRecord record = incident.record();
            cli.out.println("  " + record.resource() + "  since " + time(record.startedAt()) + ", last ALARM "
                    + time(record.lastAlarmAt()) + ", OK " + (record.okAt() == null ? "not yet" : "at " + time(record.okAt()))
                    + (record.alarms().isEmpty() ? "" : "; alarms " + String.join(", ", record.alarms().stream().sorted().toList())));
            for (int i = 0; i < record.changes().size(); i++) {
                CapacityChange change = record.changes().get(i);
                cli.out.println("    " + change.dimension() + "  " + describe(change) + " at " + time(change.lastChangedAt())
                        + "; cooldown until " + time(incident.cooldownUntil().get(i)));
            }
            for (PolicyChange change : record.policyChanges()) {
                cli.out.println("    " + change.dimension() + "  scaling policy " + change.before().name() + " tuned to "
                        + change.set().targetTracking().describe() + " at " + time(change.changedAt()) + " (before: "
                        + change.before().targetTracking().describe() + "); put back on recovery unless changed since");
            }
            if (record.contributorInsightsEnabledByResponder()) {
                cli.out.println("    Contributor Insights: switched on by the responder; switched off on recovery");
            }
            cli.out.println("    recovery: " + (incident.recoveryDue() == null ? "after the alarm's OK and the quiet period"
                    : "due " + time(incident.recoveryDue()) + (incident.overdue() ? " (OVERDUE: not done yet)" : "")));
            incident.othersChanges().forEach(change -> cli.out.println("    " + change));
            if (!incident.unknownAlarms().isEmpty()) {
                cli.out.println("    alarm state unknown: " + String.join(", ", incident.unknownAlarms())
                        + " (DescribeAlarms does not return it): recovery and undo hold until it is known");
            }
        }
    }

    /** "provisioned raised to 150 WCU (pre-incident 50)". */
    private static String describe(CapacityChange change) {
        String what = switch (change.type()) {
            case RAISE_AUTOSCALING_MIN -> "auto-scaling MinCapacity";
            case RAISE_ON_DEMAND_MAX -> "on-demand maximum";
            default -> "provisioned";
        };
        return what + " raised to " + change.lastValue() + " " + IncidentReport.capacityUnit(change.type(), change.dimension())
                + " (" + (change.others() == null ? "pre-incident " + change.preIncidentValue()
                        : change.others().kept(change.type(), change.dimension()) + ": undone no lower") + ")";
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }

    private static ObjectNode toJson(Status status) {
        ObjectNode root = JSON.createObjectNode();
        if (status.pause().isPresent()) {
            Pause pause = status.pause().get();
            root.putObject("paused").put("by", pause.by()).put("at", pause.at().toString()).put("reason", pause.reason());
        } else {
            root.putNull("paused");
        }
        ArrayNode incidents = root.putArray("incidents");
        for (Status.Incident incident : status.incidents()) {
            IncidentRecord record = incident.record();
            ObjectNode node = incidents.addObject();
            node.put("resource", record.resource().toString());
            node.put("startedAt", text(record.startedAt()));
            node.put("lastAlarmAt", text(record.lastAlarmAt()));
            node.put("okAt", text(record.okAt()));
            record.alarms().stream().sorted().forEach(node.putArray("alarms")::add);
            ArrayNode changes = node.putArray("changes");
            for (int i = 0; i < record.changes().size(); i++) {
                CapacityChange change = record.changes().get(i);
                changes.addObject()
                        .put("dimension", change.dimension().name())
                        .put("type", change.type().name())
                        .put("preIncidentValue", change.preIncidentValue())
                        .put("value", change.lastValue())
                        .put("changedAt", change.lastChangedAt().toString())
                        .put("cooldownUntil", incident.cooldownUntil().get(i).toString())
                        .put("keptOthersValue", change.others() == null ? null
                                : change.others().kept(change.type(), change.dimension()));
            }
            ArrayNode policies = node.putArray("scalingPolicies");
            for (PolicyChange change : record.policyChanges()) {
                ObjectNode entry = policies.addObject()
                        .put("dimension", change.dimension().name())
                        .put("policyName", change.before().name())
                        .put("changedAt", change.changedAt().toString());
                entry.set("before", policyJson(change.before()));
                entry.set("set", policyJson(change.set()));
            }
            node.put("contributorInsightsEnabledByResponder", record.contributorInsightsEnabledByResponder());
            node.put("recoveryDue", text(incident.recoveryDue()));
            node.put("recoveryOverdue", incident.overdue());
            incident.unknownAlarms().forEach(node.putArray("unknownAlarmStates")::add);
            incident.othersChanges().forEach(node.putArray("othersChanges")::add);
        }
        return root;
    }

    /** As describe-scaling-policies prints it, as the ledger keeps it. */
    private static ObjectNode policyJson(ScalingPolicy policy) {
        try {
            return (ObjectNode) JSON.readTree(ScalingPolicies.toJson(policy));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a scaling policy did not print as JSON", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
