package io.throttleresponder.wiring;

/** The function's environment is missing a value or holds a bad one; the message names it. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
