package io.throttleresponder.ops;

import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.aws.SnsNotifier;
import io.throttleresponder.operate.Operator;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.notify.Notifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;

/** The operator on AWS: the deployment's ledger found by name, the SDK clients built as the functions build theirs. */
public final class AwsConnection implements OpsCli.Connection {

    @Override
    public Operator connect(OpsCli.Target target, Notifier notifier) {
        String region = region(target);
        AwsClients clients = AwsClients.create(region, target.endpoint());
        String ledger = target.ledgerTable() != null ? givenLedgerTable(clients.dynamoDb(), target.ledgerTable(), region)
                : ledgerTable(clients.dynamoDb(), target.deployment(), region);
        return AwsAdapters.operator(policy(target), clients.dynamoDb(), clients.applicationAutoScaling(), clients.cloudWatch(),
                ledger, notifier, Clock.systemUTC());
    }

    /**
     * The stack names its notifications topic "{@code <deployment>-notifications}" (unless the configuration
     * names a chat topic of its own: then pass --notifications-topic).
     */
    @Override
    public Notifier publisher(OpsCli.Target target) {
        String region = region(target);
        SnsClient sns = AwsClients.create(region, target.endpoint()).sns();
        if (target.notificationsTopic() != null) {
            return new SnsNotifier(sns, target.notificationsTopic());
        }
        String suffix = ":" + target.deployment() + "-notifications";
        for (Topic topic : sns.listTopicsPaginator().topics()) {
            if (topic.topicArn().endsWith(suffix)) {
                return new SnsNotifier(sns, topic.topicArn());
            }
        }
        throw new OpsException("no topic named " + target.deployment() + "-notifications in " + region
                + "; pass --notifications-topic", false);
    }

    private static String region(OpsCli.Target target) {
        String region = target.region() != null ? target.region()
                : System.getenv("AWS_REGION") != null ? System.getenv("AWS_REGION") : System.getenv("AWS_DEFAULT_REGION");
        if (region == null || region.isBlank()) {
            throw new OpsException("no Region: pass --region, or set AWS_REGION", true);
        }
        return region;
    }

    /**
     * CloudFormation names the stack's ledger table "{@code <stack>-Ledger<hash>-<suffix>}", and the stack is
     * named after deploymentName: the one table with that prefix is the deployment's.
     */
    public static String ledgerTable(DynamoDbClient dynamoDb, String deployment, String region) {
        String prefix = deployment + "-Ledger";
        List<String> found = new ArrayList<>();
        dynamoDb.listTablesPaginator().tableNames().forEach(name -> {
            if (name.startsWith(prefix)) {
                found.add(name);
            }
        });
        if (found.isEmpty()) {
            throw new OpsException("no deployment " + deployment + " in " + region + ": no table named " + prefix
                    + "*; check --deployment and --region, or pass --ledger-table", true);
        }
        if (found.size() > 1) {
            throw new OpsException("several ledger tables for deployment " + deployment + " in " + region + ": " + found
                    + "; pass --ledger-table", true);
        }
        return found.get(0);
    }

    /** A wrong --ledger-table fails here, naming it, not at the first read with DynamoDB's bare "Requested resource not found". */
    public static String givenLedgerTable(DynamoDbClient dynamoDb, String table, String region) {
        if (!tableExists(dynamoDb, table)) {
            throw new OpsException("no ledger table " + table + " in " + region + ": check --ledger-table (the stack's output"
                    + " LedgerTableName) and --region, or leave --ledger-table out to find the deployment's by its name", true);
        }
        return table;
    }

    public static boolean tableExists(DynamoDbClient dynamoDb, String table) {
        try {
            dynamoDb.describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static Policy policy(OpsCli.Target target) {
        if (target.policy() == null) {
            return PolicyParser.parse("{}", "the default policy");
        }
        try {
            return PolicyParser.read(target.policy());
        } catch (PolicyException e) {
            throw new OpsException(e.getMessage(), true);
        }
    }

    /** One line for what went wrong, naming what is missing where the SDK's text would bury it. */
    public static String explain(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
            return "no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run"
                    + " aws sso login";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline));
    }
}
