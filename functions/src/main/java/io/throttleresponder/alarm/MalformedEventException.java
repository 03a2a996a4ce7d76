package io.throttleresponder.alarm;

/** The input is not an alarm notification the responder can read; the message says why. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
