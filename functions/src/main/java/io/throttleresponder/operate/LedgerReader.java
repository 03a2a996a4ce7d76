package io.throttleresponder.operate;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the ledger holds, read for a person: the tables it keeps incident state of, and the responses it recorded. */
public interface LedgerReader {

    /** The tables with an open incident, a change not yet undone, or a lock. */
    Set<String> tablesWithState();

    /** The recorded responses, newest first: of one table, or of every table when empty; at most {@code limit}. */
    List<RecordedResponse> history(Optional<String> table, int limit);
}
