package io.throttleresponder.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.notify.IncidentReport;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.respond.ResponseJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Restore now what the responder changed on a table or GSI, through the same rails as its own",
                "recovery: never below today's demand, within DynamoDB's decrease rule, only values still the responder's,",
                "not while an alarm of it is in ALARM or its state is unknown (unless --force). Exit 1, with the reason,",
                "where they forbid it. The resolved message goes to the deployment's notifications topic."})
final class UndoCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    OpsCli cli;

    @Parameters(paramLabel = "TABLE", description = "the table: orders, table/orders or table/orders/index/by-status")
    String table;

    @Option(names = "--index", paramLabel = "INDEX", description = "a GSI of the table")
    String index;

    @Option(names = "--force", description = {"restore although an alarm of it is in ALARM (or its state is unknown):",
            "a person's decision, recorded as such; the responder answers only a new ALARM after it"})
    boolean force;

    @Option(names = "--json", description = "one JSON object")
    boolean json;

    @Override
    public Integer call() {
        ResourceId resource = TableArgument.resource(table, index);
        List<IncidentMessage> messages = new ArrayList<>();
        FollowUpResult result = cli.operator(message -> {
            messages.add(message);
            Notifier publisher;
            try {
                publisher = cli.publisher();
            } catch (OpsException e) {
                throw new IllegalStateException("not published: " + e.getMessage(), e);
            }
            publisher.publish(message);
        }).undo(resource, force);
        Optional<Action> told = result.actions().stream().filter(a -> a.type() == ActionType.NOTIFY).findFirst();
        boolean undone = result.outcome() == Outcome.ACTED && result.actions().stream()
                .filter(a -> a.type().restores())
                .allMatch(a -> a.status() == ActionStatus.APPLIED);
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("resource", result.followUp().resource().toString());
            node.put("outcome", result.outcome().name());
            node.put("reason", result.reason());
            node.put("undone", undone);
            result.actions().forEach(a -> node.withArrayProperty("actions").add(ResponseJson.toJson(a)));
            result.findings().forEach(node.withArrayProperty("findings")::add);
            messages.forEach(m -> node.withArrayProperty("messages").addObject().put("subject", m.subject())
                    .put("published", told.map(a -> a.status() == ActionStatus.APPLIED).orElse(false))
                    .put("notPublishedBecause", told.filter(a -> a.status() != ActionStatus.APPLIED).map(Action::reason)
                            .orElse(null)));
            cli.out.println(node);
        } else {
            cli.out.println(result.followUp().resource() + ": " + result.outcome()
                    + (result.reason() == null ? "" : " (" + result.reason() + ")"));
            for (Action action : result.actions()) {
                cli.out.println("  " + action.status() + " " + action.type()
                        + (action.dimension() == null ? "" : " " + action.dimension())
                        + (action.from() == null ? "" : " " + action.from() + " -> " + action.to()
                                + " " + IncidentReport.capacityUnit(action.type(), action.dimension()))
                        + (action.reason() == null ? "" : " (" + action.reason() + ")"));
            }
            result.findings().forEach(f -> cli.out.println("  finding: " + f));
            for (IncidentMessage message : messages) {
                cli.out.println();
                boolean published = told.map(a -> a.status() == ActionStatus.APPLIED).orElse(false);
                cli.out.println("Message (" + (published ? "published to the notifications topic"
                        : "NOT published: " + told.map(Action::reason).orElse("no notify step")) + "): " + message.subject());
                cli.out.println(message.text());
            }
        }
        return undone ? OpsCli.OK : OpsCli.REFUSED;
    }
}
