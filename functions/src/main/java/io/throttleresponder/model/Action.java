package io.throttleresponder.model;

/**
 * One step of a response. {@code from} and {@code to} are capacity units (or MinCapacity, or the
 * on-demand maximum) for capacity actions and null otherwise; {@code dimension} is null for actions
 * that concern the whole resource.
 */
public record Action(
        ActionType type,
        ResourceId resource,
        Operation dimension,
        Long from,
        Long to,
        ActionStatus status,
        String reason) {

    public Action with(ActionStatus newStatus, String newReason) {
        return new Action(type, resource, dimension, from, to, newStatus, newReason);
    }

    public static Action planned(ActionType type, ResourceId resource, Operation dimension, Long from, Long to, String reason) {
        return new Action(type, resource, dimension, from, to, ActionStatus.PLANNED, reason);
    }
}
