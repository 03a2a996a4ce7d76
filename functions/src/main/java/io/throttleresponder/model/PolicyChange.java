package io.throttleresponder.model;

import java.time.Instant;

/**
 * A scaling policy the responder made more aggressive, as the ledger keeps it for recovery: the policy
 * as it was before the incident, and as the responder set it.
 */
public record PolicyChange(ResourceId resource, Operation dimension, ScalingPolicy before, ScalingPolicy set,
                           Instant changedAt) {}
