package io.throttleresponder.respond;

public enum BillingMode {
    PROVISIONED,
    PAY_PER_REQUEST
}
