package io.throttleresponder.ops;

/** A command that cannot be carried out, with the one line that says why; {@code usage} when the user must change the command. */
public final class OpsException extends RuntimeException {

    private final boolean usage;

    OpsException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    boolean usage() {
        return usage;
    }
}
