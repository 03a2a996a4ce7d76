package io.throttleresponder.contract;

/** A table's capacity mode, named as DynamoDB names it; its GSIs share it. */
public enum BillingMode {
    PROVISIONED,
    PAY_PER_REQUEST
}
