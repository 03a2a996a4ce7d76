package io.throttleresponder.policy;

import io.throttleresponder.contract.OptInTag;
import java.util.Map;

/**
 * How the responder treats a table the policy does not name, when it watches every table of the
 * account (account-wide Metrics Insights alarms): with the default settings, and changing it only
 * when the table carries the opt-in tag, which the functions' IAM policy requires too.
 *
 * @param optInTagKey the tag a table carries to let the responder change it
 * @param optInTagValue the value that tag must have
 * @param contributorInsightsWithoutOptIn whether a table without the tag may still get Contributor Insights
 */
public record UnnamedTables(String optInTagKey, String optInTagValue, boolean contributorInsightsWithoutOptIn) {

    public static final UnnamedTables DEFAULTS = new UnnamedTables(OptInTag.DEFAULT_KEY, OptInTag.DEFAULT_VALUE, false);

    /** Whether a table with these tags has opted in. */
    public boolean optedIn(Map<String, String> tags) {
        return optInTagValue.equals(tags.get(optInTagKey));
    }

    /** For people: how to opt a table in. */
    public String howToOptIn(String table) {
        return "tag table %s %s=%s to let the responder change it".formatted(table, optInTagKey, optInTagValue);
    }
}
