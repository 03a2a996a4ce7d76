package io.throttleresponder.respond;

/** A delayed hot-key summary for one incident; {@code remaining} bounds how often it repeats. */
public record FollowUp(String alarmName, ResourceId resource, Operation operation, String incidentKey, int remaining) {}
