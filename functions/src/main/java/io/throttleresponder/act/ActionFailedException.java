package io.throttleresponder.act;

/** An AWS call of an action failed; the message says why in terms a person can act on (e.g. the missing permission). */
public final class ActionFailedException extends RuntimeException {
    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
