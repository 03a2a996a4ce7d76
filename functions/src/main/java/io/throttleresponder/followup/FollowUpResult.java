package io.throttleresponder.followup;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.summary.HotKeySummary;
import java.util.List;

/** What one follow-up did: the summaries it posted, or the recovery's undo actions. */
public record FollowUpResult(
        FollowUp followUp,
        Outcome outcome,
        String reason,
        List<HotKeySummary> summaries,
        List<Action> actions,
        List<String> findings) {

    public FollowUpResult {
        summaries = List.copyOf(summaries);
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
    }

    static FollowUpResult ignored(FollowUp followUp, String reason) {
        return new FollowUpResult(followUp, Outcome.IGNORED, reason, List.of(), List.of(), List.of());
    }
}
