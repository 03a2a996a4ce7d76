package io.throttleresponder.policy;

public enum ContributorInsightsMode {
    /** Cheaper: emits only while requests are throttled, which is when the responder needs it. */
    THROTTLED_KEYS,
    ACCESSED_AND_THROTTLED_KEYS
}
