package io.throttleresponder.infra.config;

/**
 * With {@code "watchAllTables": true}, the account's tables the configuration does not name: watched
 * by account-wide Metrics Insights alarms at the default thresholds, and changed only when they carry
 * the opt-in tag (an IAM condition, and the responder's own check).
 *
 * @param optInTagKey the tag a table carries to let the responder change it
 * @param optInTagValue the value that tag must have
 * @param contributorInsightsWithoutOptIn whether a table without the tag may still get Contributor Insights
 * @param thresholds the default thresholds, which the account-wide alarms use
 */
public record UnnamedTables(String optInTagKey, String optInTagValue, boolean contributorInsightsWithoutOptIn,
                            Thresholds thresholds) {
}
