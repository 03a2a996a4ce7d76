package io.throttleresponder.scenario;

import io.throttleresponder.sandbox.SandboxException;

/** The scenario file is wrong; the message names the file, the step and the problem. A usage error. */
public final class ScenarioException extends SandboxException {
    public ScenarioException(String message) {
        super(message);
    }
}
