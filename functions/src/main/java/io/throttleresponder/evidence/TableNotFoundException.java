package io.throttleresponder.evidence;

/** The alarm names a table (or index) that does not exist, or no longer does. */
public final class TableNotFoundException extends RuntimeException {
    public TableNotFoundException(String table) {
        super("table " + table + " does not exist");
    }
}
