package io.throttleresponder.act;

/** The table is being changed (UPDATING, or another response holds it): the change must wait, not fail. */
public final class ResourceBusyException extends RuntimeException {
    public ResourceBusyException(String message) {
        super(message);
    }
}
