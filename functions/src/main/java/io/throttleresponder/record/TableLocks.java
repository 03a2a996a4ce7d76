package io.throttleresponder.record;

import java.time.Duration;
import java.time.Instant;

/** The table's lock, held for a read-modify-write of its capacity. */
public interface TableLocks {

    /**
     * Takes the table's lock for a read-modify-write of its capacity, unless another response holds
     * it; a lock not given back (a crashed invocation) lapses after {@code lease}.
     */
    boolean lockTable(String table, String owner, Duration lease, Instant now);

    void unlockTable(String table, String owner);
}
