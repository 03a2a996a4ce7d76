package io.throttleresponder.record;

/**
 * The durable record of what the responder decided and did, one DynamoDB table behind five ports,
 * one job each: delivery claims, the table's lock, incident state, the audit log, and the operator's
 * controls.
 */
public interface Ledger extends DeliveryClaims, TableLocks, IncidentLedger, AuditLog, Controls {}
