package io.throttleresponder.infra;

import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The stack split: the named tables' alarms fill the construct's stack, then nested stacks, each template within
 * CloudFormation's limits (DeployLimits) with a tenth of its bytes to spare for what the estimates miss.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
final class StackSplit {

    private static final long TEMPLATE_BYTES_USED = DeployLimits.MAX_TEMPLATE_BYTES * 9 / 10;
    /** A nested stack's own resources: its dashboard, and room. */
    private static final int NESTED_STACK_OWN_RESOURCES = 5;
    /** The construct's own resources (topics, key, functions, roles, queues, ledger, dashboard, ...), and room. */
    private static final int MAIN_STACK_OWN_RESOURCES = 60;
    /** Their bytes, and room: the example's main template is about 100 KB with its alarms. */
    private static final long MAIN_STACK_OWN_BYTES = 200_000;
    /** What a nested stack adds to the main template: its AWS::CloudFormation::Stack resource. */
    private static final long NESTED_STACK_RESOURCE_BYTES = 1_500;
    /** An account-wide Metrics Insights alarm, written, at most. */
    private static final long ACCOUNT_WIDE_ALARM_BYTES = 2_000;

    private StackSplit() {}

    /** What one template may still take of the named tables' alarms. */
    record Budget(int resources, long bytes) {
    }

    /**
     * The named tables cut into groups, the first for the main stack, each other for a nested stack, every template
     * within CloudFormation's limits: the main stack's room is what its own resources, the watched tables' IAM
     * grants, the account-wide alarms and the nested stacks' resources leave.
     */
    static List<List<WatchedTable>> alarmGroups(List<WatchedTable> tables, AlarmFootprint footprint, int accountWideAlarms) {
        Budget nested = new Budget(DeployLimits.MAX_RESOURCES - NESTED_STACK_OWN_RESOURCES, TEMPLATE_BYTES_USED);
        long grants = tables.stream().mapToLong(StackSplit::mainStackBytesOf).sum();
        int nestedStacks = 0;
        while (true) {
            Budget main = new Budget(DeployLimits.MAX_RESOURCES - MAIN_STACK_OWN_RESOURCES
                    - 2 * DeployLimits.MAX_MANAGED_POLICIES_PER_ROLE - accountWideAlarms - nestedStacks,
                    TEMPLATE_BYTES_USED - MAIN_STACK_OWN_BYTES - grants - accountWideAlarms * ACCOUNT_WIDE_ALARM_BYTES
                            - nestedStacks * NESTED_STACK_RESOURCE_BYTES);
            List<List<WatchedTable>> groups = alarmGroups(tables, main, nested, footprint::resources, footprint::bytes);
            if (groups.size() - 1 <= nestedStacks) {
                return groups;
            }
            nestedStacks = groups.size() - 1;
        }
    }

    /**
     * What a named table adds to the main template besides its alarms: its table and index ARNs in both roles'
     * WatchedTables statements, as Fn::Sub strings of about 100 characters and the name, written with indents.
     */
    private static long mainStackBytesOf(WatchedTable table) {
        return 4L * (130 + table.name().length());
    }

    /**
     * The named tables in file order, cut into groups of whole tables: the first within {@code first} (the main
     * stack's), the others within {@code others} (one nested stack each). A table keeps its group while tables are
     * only appended. One that moves to another group (a table removed or reordered before it, or GSIs added) has its
     * alarms written by the new stack and then deleted by the old one's cleanup, under the same names:
     * docs/deploy.md says to move tables in two deploys.
     */
    static List<List<WatchedTable>> alarmGroups(List<WatchedTable> tables, Budget first, Budget others,
                                                ToIntFunction<WatchedTable> resourcesOf, ToLongFunction<WatchedTable> bytesOf) {
        List<List<WatchedTable>> groups = new ArrayList<>();
        List<WatchedTable> current = new ArrayList<>();
        int resources = 0;
        long bytes = 0;
        Budget budget = first;
        for (WatchedTable table : tables) {
            int neededResources = resourcesOf.applyAsInt(table);
            long neededBytes = bytesOf.applyAsLong(table);
            if (resources + neededResources > budget.resources() || bytes + neededBytes > budget.bytes()) {
                if (!current.isEmpty() || budget == first) {
                    groups.add(current);
                    current = new ArrayList<>();
                }
                resources = 0;
                bytes = 0;
                budget = others;
            }
            current.add(table);
            resources += neededResources;
            bytes += neededBytes;
        }
        groups.add(current);
        return groups;
    }
}
