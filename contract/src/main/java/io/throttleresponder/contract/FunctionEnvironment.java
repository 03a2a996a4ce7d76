package io.throttleresponder.contract;

/** The functions' environment variables (docs/contracts.md): infra sets them, the functions read them. */
public final class FunctionEnvironment {

    public static final String RESPONDER_POLICY = "RESPONDER_POLICY";
    public static final String LEDGER_TABLE_NAME = "LEDGER_TABLE_NAME";
    public static final String NOTIFICATIONS_TOPIC_ARN = "NOTIFICATIONS_TOPIC_ARN";
    public static final String FOLLOW_UP_QUEUE_URL = "FOLLOW_UP_QUEUE_URL";
    public static final String RESPONDER_ACCOUNT_ID = "RESPONDER_ACCOUNT_ID";
    public static final String DASHBOARD_NAME = "DASHBOARD_NAME";
    public static final String RUNBOOK_URL = "RUNBOOK_URL";

    private FunctionEnvironment() {}
}
