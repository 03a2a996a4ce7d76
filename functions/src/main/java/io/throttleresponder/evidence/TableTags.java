package io.throttleresponder.evidence;

import java.util.Map;

/** Reads a table's tags (ListTagsOfResource): whether a table the policy does not name has opted in. */
public interface TableTags {

    /** @throws TableNotFoundException when the table does not exist */
    Map<String, String> tags(String table);
}
