package io.throttleresponder.record;

import io.throttleresponder.model.Response;
import java.time.Instant;

/** The record of every response, kept 30 days. */
public interface AuditLog {

    void record(Response response, Instant now);
}
