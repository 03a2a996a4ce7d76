package io.throttleresponder.respond;

/** The deployment that sends a message: its account, and its CloudWatch dashboard (null when not known). */
public record Deployment(String accountId, String dashboardName) {}
