package io.throttleresponder.contract;

/** The functions' environment variables (docs/contracts.md): infra sets them, the functions read them. */
public final class FunctionEnvironment {

    /**
     * The responder's policy document in a file: the deployed functions read it from their policy layer
     * ({@link #POLICY_LAYER_FILE}), the local runner from its --config. Lambda's 4 KB for all environment variables
     * would not hold the policy of many named tables.
     */
    public static final String RESPONDER_POLICY_FILE = "RESPONDER_POLICY_FILE";
    /** Where the stack's policy layer puts the policy: Lambda extracts a layer's content under /opt. */
    public static final String POLICY_LAYER_DIRECTORY = "throttle-responder";
    public static final String POLICY_LAYER_FILE = "/opt/" + POLICY_LAYER_DIRECTORY + "/policy.json";
    /** The policy document itself, for small and local uses (tests, the benchmark, LocalStack); the file wins when both are set. */
    public static final String RESPONDER_POLICY = "RESPONDER_POLICY";
    public static final String LEDGER_TABLE_NAME = "LEDGER_TABLE_NAME";
    public static final String NOTIFICATIONS_TOPIC_ARN = "NOTIFICATIONS_TOPIC_ARN";
    public static final String FOLLOW_UP_QUEUE_URL = "FOLLOW_UP_QUEUE_URL";
    public static final String RESPONDER_ACCOUNT_ID = "RESPONDER_ACCOUNT_ID";
    public static final String DASHBOARD_NAME = "DASHBOARD_NAME";
    public static final String RUNBOOK_URL = "RUNBOOK_URL";

    private FunctionEnvironment() {}
}
