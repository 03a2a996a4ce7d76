package io.throttleresponder.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Stop the responder changing anything, without a deploy; within a minute every function sees it.",
                "Paused, it still diagnoses, plans, records and tells what it would have done; undo by hand still works."})
final class PauseCommand implements Callable<Integer> {

    @ParentCommand
    OpsCli cli;

    @Option(names = "--reason", description = "why, for the status and the messages")
    String reason;

    @Option(names = "--by", description = "who pauses (default: the user name)")
    String by;

    @Override
    public Integer call() {
        String who = by != null ? by : System.getProperty("user.name", "an operator");
        cli.operator().pause(who, reason);
        cli.out.println("Paused by " + who + (reason == null ? "" : " (" + reason + ")")
                + ": the responder changes nothing within a minute, until resume.");
        return OpsCli.OK;
    }
}
