package io.throttleresponder.notify;

/** The deployment that sends a message: its account, its CloudWatch dashboard and the team's runbook (null when not known). */
public record Deployment(String accountId, String dashboardName, String runbookUrl) {}
