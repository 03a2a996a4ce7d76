package io.throttleresponder.infra.config;

/** The watched table's capacity mode, named as DynamoDB names it; its GSIs share it. */
public enum BillingMode {
    PROVISIONED,
    PAY_PER_REQUEST
}
