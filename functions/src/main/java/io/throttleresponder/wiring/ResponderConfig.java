package io.throttleresponder.wiring;

import io.throttleresponder.contract.FunctionEnvironment;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyException;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.intake.OwnAccount;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/** The function's environment (docs/contracts.md), read once at init; fails fast naming the bad value. */
public record ResponderConfig(
        Policy policy,
        String ledgerTableName,
        String notificationsTopicArn,
        String followUpQueueUrl,
        OwnAccount ownAccount,
        URI endpointOverride,
        String dashboardName,
        String runbookUrl) {

    /** arn:PARTITION:sns:REGION:ACCOUNT:NAME (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:[a-z][a-z-]*:sns:[^:]*:[^:]*:[^:]+");

    public String region() {
        return ownAccount.region();
    }

    public static ResponderConfig fromEnvironment(Map<String, String> env) {
        Policy policy;
        try {
            String file = optional(env, FunctionEnvironment.RESPONDER_POLICY_FILE);
            if (file != null) {
                policy = PolicyParser.read(Path.of(file));
            } else if (optional(env, FunctionEnvironment.RESPONDER_POLICY) != null) {
                policy = PolicyParser.parse(optional(env, FunctionEnvironment.RESPONDER_POLICY), FunctionEnvironment.RESPONDER_POLICY);
            } else {
                throw new ConfigurationException("environment variable " + FunctionEnvironment.RESPONDER_POLICY_FILE
                        + " (or, for small policies, " + FunctionEnvironment.RESPONDER_POLICY + ") is not set");
            }
        } catch (PolicyException e) {
            throw new ConfigurationException(e.getMessage());
        }
        String topic = required(env, FunctionEnvironment.NOTIFICATIONS_TOPIC_ARN);
        // The partition of the tables' ARNs is read from here (DynamoDbTableTags): a topic ARN names it.
        if (!SNS_TOPIC_ARN.matcher(topic).matches()) {
            throw new ConfigurationException("NOTIFICATIONS_TOPIC_ARN must be an SNS topic ARN, was '" + topic + "'");
        }
        return new ResponderConfig(
                policy,
                required(env, FunctionEnvironment.LEDGER_TABLE_NAME),
                topic,
                optional(env, FunctionEnvironment.FOLLOW_UP_QUEUE_URL),
                ownAccount(required(env, FunctionEnvironment.RESPONDER_ACCOUNT_ID), required(env, "AWS_REGION")),
                endpointFrom(env),
                optional(env, FunctionEnvironment.DASHBOARD_NAME),
                optional(env, FunctionEnvironment.RUNBOOK_URL));
    }

    private static OwnAccount ownAccount(String accountId, String region) {
        try {
            return new OwnAccount(accountId, region);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("RESPONDER_ACCOUNT_ID: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new ConfigurationException("environment variable " + name + " is not set");
        }
        return value;
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code AWS_ENDPOINT_URL}, or null: the local runner reaches STS there before the rest is read. */
    public static URI endpointFrom(Map<String, String> env) {
        String value = optional(env, "AWS_ENDPOINT_URL");
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(value, "needs a scheme and a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("AWS_ENDPOINT_URL is not a URL: '" + value + "'");
        }
    }
}
