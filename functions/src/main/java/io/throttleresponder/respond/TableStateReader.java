package io.throttleresponder.respond;

/** Reads a table's capacity state (DescribeTable, DescribeScalableTargets, DescribeContributorInsights, DescribeLimits). */
public interface TableStateReader {

    /**
     * @param focus the table or index whose Contributor Insights status is read (the others are not needed)
     * @throws TableNotFoundException when the table does not exist
     */
    TableState read(ResourceId focus);
}
