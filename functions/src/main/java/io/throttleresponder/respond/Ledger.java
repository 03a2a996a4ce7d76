package io.throttleresponder.respond;

/**
 * The durable record of what the responder decided and did, one DynamoDB table behind four ports,
 * one job each: delivery claims, the table's lock, incident state, and the audit log.
 */
public interface Ledger extends DeliveryClaims, TableLocks, IncidentLedger, AuditLog {}
