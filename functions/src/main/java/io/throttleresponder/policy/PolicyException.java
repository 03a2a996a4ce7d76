package io.throttleresponder.policy;

/** The policy document is missing, unreadable or holds a bad value; the message names it. */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }
}
