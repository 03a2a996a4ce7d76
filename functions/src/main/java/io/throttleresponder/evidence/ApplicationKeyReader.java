package io.throttleresponder.evidence;

import io.throttleresponder.model.ResourceId;
import java.time.Instant;

/** Reads which keys the applications' throttled calls on a table (or GSI) named, in the minutes before {@code now}. */
public interface ApplicationKeyReader {

    ApplicationKeys topKeys(ResourceId resource, Instant now);
}
