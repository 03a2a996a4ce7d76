package io.throttleresponder.sandbox;

/** The sandbox cannot start from what it was given; the message says what and where. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }
}
