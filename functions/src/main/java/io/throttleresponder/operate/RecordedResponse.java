package io.throttleresponder.operate;

import java.time.Instant;

/** One response as the ledger recorded it: when, for which table, its outcome, and the response's JSON. */
public record RecordedResponse(Instant at, String table, String outcome, String responseJson) {}
