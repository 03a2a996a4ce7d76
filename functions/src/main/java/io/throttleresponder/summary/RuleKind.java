package io.throttleresponder.summary;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four Contributor Insights rules DynamoDB creates per table or index: most accessed (C) or most
 * throttled (T) partition keys (PK) and partition+sort keys (SK).
 */
public enum RuleKind {
    PKC,
    PKT,
    SKC,
    SKT;

    private static final Pattern RULE_NAME = Pattern.compile("DynamoDBContributorInsights-(PKC|PKT|SKC|SKT)-.+");

    /** The kind of a rule named {@code DynamoDBContributorInsights-<KIND>-<table or table-index>-<timestamp>}. */
    public static Optional<RuleKind> ofRuleName(String ruleName) {
        Matcher matcher = RULE_NAME.matcher(ruleName);
        return matcher.matches() ? Optional.of(valueOf(matcher.group(1))) : Optional.empty();
    }

    public boolean throttled() {
        return this == PKT || this == SKT;
    }

    public boolean sortKey() {
        return this == SKC || this == SKT;
    }
}
