package io.throttleresponder;

import io.throttleresponder.policy.Policy;
import io.throttleresponder.sandbox.Sandbox;
import io.throttleresponder.wiring.ResponseMetrics;

/** The sandbox and the two handlers wired to it, as plain runs and scenarios both use them. */
record SandboxWiring(Sandbox sandbox, Policy policy, AlarmHandler handler, SandboxFollowUps followUps) {
    static SandboxWiring of(Sandbox sandbox, Policy policy, ResponseMetrics metrics) {
        return new SandboxWiring(sandbox, policy, new AlarmHandler(sandbox.responder(policy).build(), metrics),
                new SandboxFollowUps(sandbox, new FollowUpHandler(sandbox.followUpResponder(policy).build())));
    }
}
