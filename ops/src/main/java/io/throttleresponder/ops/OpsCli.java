package io.throttleresponder.ops;

import io.throttleresponder.operate.Operator;
import io.throttleresponder.notify.Notifier;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The on-call's commands for one deployment, with the operator's own credentials: see what the responder
 * holds and did, undo a change now, pause and resume it. Exit status: 0 done, 1 refused or failed (the
 * reason on one line), 2 usage.
 */
@Command(name = "throttle-responder-ops", mixinStandardHelpOptions = true, version = "throttle-responder-ops 0.1.0",
        description = "Operate a throttle-responder deployment: status, history, undo, pause, resume.",
        subcommands = {StatusCommand.class, HistoryCommand.class, UndoCommand.class, PauseCommand.class,
                ResumeCommand.class},
        exitCodeOnInvalidInput = OpsCli.USAGE)
public final class OpsCli implements Runnable {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;

    /** Builds the operator for the options given: on AWS for the jar, on the sandbox for scenarios and tests. */
    @FunctionalInterface
    public interface Connection {
        Operator connect(Target target, Notifier notifier);

        /**
         * Where an undo's message is published: the deployment's notifications topic.
         *
         * @throws OpsException saying why there is none
         */
        default Notifier publisher(Target target) {
            throw new OpsException("this connection knows no notifications topic", false);
        }
    }

    /**
     * Where the deployment is: its name, Region, ledger table (found by name when not given), endpoint, policy,
     * and notifications topic (found by name when not given).
     */
    public record Target(String deployment, String region, String ledgerTable, URI endpoint, Path policy,
                         String notificationsTopic) {}

    @Option(names = "--deployment", defaultValue = "throttle-responder",
            description = "the deploymentName of the configuration (default: ${DEFAULT-VALUE})")
    String deployment;

    @Option(names = "--region", description = "the deployment's Region (default: AWS_REGION, then AWS_DEFAULT_REGION)")
    String region;

    @Option(names = "--ledger-table", description = "the ledger table (default: the one table named <deployment>-Ledger*)")
    String ledgerTable;

    @Option(names = "--endpoint-url", description = "an endpoint for every AWS call (a local stand-in)")
    URI endpoint;

    @Option(names = "--policy", description = "the responder's policy document (RESPONDER_POLICY; default: every default)")
    Path policy;

    @Option(names = "--notifications-topic", paramLabel = "ARN",
            description = "where undo publishes its message (default: the topic named <deployment>-notifications)")
    String notificationsTopic;

    final Connection connection;
    final PrintWriter out;

    OpsCli(Connection connection, PrintWriter out) {
        this.connection = connection;
        this.out = out;
    }

    /** The operator of a command that sends no message (all but undo). */
    Operator operator() {
        return operator(message -> { });
    }

    Operator operator(Notifier notifier) {
        return connection.connect(target(), notifier);
    }

    /** The notifications topic's publisher; an OpsException says why there is none. */
    Notifier publisher() {
        return connection.publisher(target());
    }

    private Target target() {
        return new Target(deployment, region, ledgerTable, endpoint, policy, notificationsTopic);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is needed: status, history, undo, pause"
                + " or resume (--help)");
    }

    /** Runs one command line; returns its exit status. */
    public static int run(String[] args, PrintStream stdout, PrintStream stderr, Connection connection) {
        PrintWriter out = new PrintWriter(stdout, true);
        PrintWriter err = new PrintWriter(stderr, true);
        CommandLine command = new CommandLine(new OpsCli(connection, out));
        command.setOut(out);
        command.setErr(err);
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof OpsException refused) {
                err.println("throttle-responder-ops: " + refused.getMessage());
                return refused.usage() ? USAGE : REFUSED;
            }
            err.println("throttle-responder-ops: " + AwsConnection.explain(e));
            return REFUSED;
        });
        return command.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, new AwsConnection()));
    }
}
