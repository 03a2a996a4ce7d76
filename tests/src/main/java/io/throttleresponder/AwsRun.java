package io.throttleresponder;

import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.contract.FunctionEnvironment;
import io.throttleresponder.ops.AwsConnection;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.record.ReadOnlyLedger;
import io.throttleresponder.respond.ResponderBuilder;
import io.throttleresponder.wiring.ConfigurationException;
import io.throttleresponder.wiring.ResponderConfig;
import io.throttleresponder.wiring.Wiring;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Event files through the handler against the account and Region in the environment, as the Lambda runs
 * them; planning only unless --apply.
 */
final class AwsRun {

    private AwsRun() {}

    static int run(RunnerOptions options, LocalRunner.AwsAccess aws, PrintStream out, PrintStream err) {
        Map<String, String> env = new HashMap<>(aws.environment());
        if (options.config() != null) {
            // One meaning for --config: the policy, or the deployment configuration whose policy the stack generates.
            String policy = PolicyFiles.document(options.config(), err);
            // Checked here too, so that a mistake names the file rather than RESPONDER_POLICY.
            PolicyParser.parse(policy, options.config().toString());
            env.put(FunctionEnvironment.RESPONDER_POLICY, policy);
            // --config is the policy of this run, whatever file the environment names (a file wins over the variable).
            env.remove(FunctionEnvironment.RESPONDER_POLICY_FILE);
        }
        if (options.region() != null) {
            env.put("AWS_REGION", options.region());
        }
        env.putIfAbsent("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", ""));
        if (env.get("AWS_REGION").isBlank()) {
            throw new ConfigurationException("--aws needs a Region: pass --region, or set AWS_REGION");
        }
        AwsClients clients = AwsClients.create(env.get("AWS_REGION").trim(), ResponderConfig.endpointFrom(env));
        if (options.account() != null) {
            env.put(FunctionEnvironment.RESPONDER_ACCOUNT_ID, options.account());
        }
        if (env.getOrDefault(FunctionEnvironment.RESPONDER_ACCOUNT_ID, "").isBlank()) {
            // The account the responder answers for: the one the credentials belong to.
            try (StsClient sts = aws.sts().apply(clients)) {
                String account = CallerAccount.of(sts);
                env.put(FunctionEnvironment.RESPONDER_ACCOUNT_ID, account);
                err.println("--aws: answering for account " + account + ", the credentials' (STS GetCallerIdentity)");
            }
        }
        if (!options.apply()) {
            // Planning writes nothing, so the ledger and the topic are never touched: placeholders do.
            env.putIfAbsent(FunctionEnvironment.LEDGER_TABLE_NAME, "(plan only)");
            // The placeholder topic is still an ARN of the Region's partition: the tables' ARNs take it from there.
            RegionMetadata region = Region.of(env.get("AWS_REGION").trim()).metadata();
            env.putIfAbsent(FunctionEnvironment.NOTIFICATIONS_TOPIC_ARN, "arn:%s:sns:%s:%s:(plan only)".formatted(
                    region == null ? "aws" : region.partition().id(), env.get("AWS_REGION").trim(),
                    env.get(FunctionEnvironment.RESPONDER_ACCOUNT_ID)));
        }
        ResponderConfig config = ResponderConfig.fromEnvironment(env);
        if (options.apply()) {
            requireLedgerTable(clients, config);
        }
        ResponderBuilder responder = Wiring.responder(config, clients);
        if (!options.apply()) {
            responder.ledger(new ReadOnlyLedger()).planOnly(true);
        }
        AlarmHandler handler = new AlarmHandler(responder.build(), LocalRunner.metrics(options, err));
        return LocalRunner.runEvents(handler, options, out, err, LocalRunner.EventSteps.NONE);
    }

    /** A wrong LEDGER_TABLE_NAME stops the run naming it, not each alarm with DynamoDB's bare "Requested resource not found". */
    private static void requireLedgerTable(AwsClients clients, ResponderConfig config) {
        boolean exists;
        try {
            exists = AwsConnection.tableExists(clients.dynamoDb(), config.ledgerTableName());
        } catch (SdkException e) {
            throw new ConfigurationException("LEDGER_TABLE_NAME " + config.ledgerTableName() + " cannot be checked: "
                    + AwsConnection.explain(e));
        }
        if (!exists) {
            throw new ConfigurationException("LEDGER_TABLE_NAME " + config.ledgerTableName() + ": no such table in "
                    + config.region() + " (the stack's output LedgerTableName names the deployment's ledger)");
        }
    }
}
