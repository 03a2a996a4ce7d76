package io.throttleresponder.respond;

/**
 * One message in three renderings: a subject and plain text for e-mail, and the custom
 * notification JSON that Amazon Q Developer in chat applications renders in Slack and Teams.
 */
public record IncidentMessage(String subject, String text, String chatJson) {}
