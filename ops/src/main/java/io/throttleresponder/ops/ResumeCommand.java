package io.throttleresponder.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "resume", mixinStandardHelpOptions = true, description = "Let the responder act again (within a minute).")
final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    OpsCli cli;

    @Override
    public Integer call() {
        cli.operator().resume();
        cli.out.println("Resumed: the responder acts again within a minute.");
        return OpsCli.OK;
    }
}
