package io.throttleresponder.record;

import io.throttleresponder.model.PolicyChange;
import java.time.Instant;

/** What the ledger keeps of the scaling policies the responder tuned: the one before, and the one it set. */
public interface ScalingPolicyLedger {

    /**
     * Records a tuning about to be made, unless the responder already tuned this dimension's policy in
     * the incident (its original is kept, and tuning twice would record the tuned policy as the original).
     */
    boolean reservePolicyChange(PolicyChange change);

    /** Gives back a reservation whose PutScalingPolicy did not happen. */
    void cancelPolicyChange(PolicyChange change);

    /** Recovery is done with it: put back, or changed by someone else since. */
    void forgetPolicyChange(PolicyChange change);
}
