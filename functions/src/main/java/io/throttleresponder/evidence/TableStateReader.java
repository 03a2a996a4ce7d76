package io.throttleresponder.evidence;

import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.TableState;
import java.util.Set;

/** Reads a table's capacity state (DescribeTable, DescribeScalableTargets, DescribeContributorInsights, DescribeLimits). */
public interface TableStateReader {

    /**
     * @param focus the table or index whose Contributor Insights status is read (the others are not needed)
     * @throws TableNotFoundException when the table does not exist
     */
    TableState read(ResourceId focus);

    /**
     * The names of the table's GSIs, for reads that need no more of its state.
     *
     * @throws TableNotFoundException when the table does not exist
     */
    default Set<String> indexNames(String table) {
        return read(ResourceId.table(table)).indexes().keySet();
    }
}
