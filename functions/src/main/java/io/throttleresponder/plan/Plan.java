package io.throttleresponder.plan;

import io.throttleresponder.model.Action;
import java.util.List;

/** The actions a response takes, in order, and the findings it reports to people. */
public record Plan(List<Action> actions, List<String> findings) {

    public Plan {
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
    }
}
