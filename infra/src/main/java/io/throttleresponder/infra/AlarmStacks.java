package io.throttleresponder.infra;

import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The segment of the table alarms, placed by the {@link StackSplit}: the first group's per-table and GSI alarms
 * (id DynamoDbAlarms) and the account-wide alarms (AccountWideAlarms) in the given scope, each further group in a
 * nested stack (TableAlarms2, 3, ...) with a dashboard of its own tables.
 */
final class AlarmStacks {

    /**
     * @param config the deployment, with every named table and, with watchAllTables, the unnamed ones
     * @param alarmGroups the named tables as {@link StackSplit#alarmGroups} cuts them
     * @param alarmTopic where every alarm notifies on ALARM and OK
     */
    record Props(ResponderConfig config, List<List<WatchedTable>> alarmGroups, ITopic alarmTopic) {
    }

    private final List<Alarm> mainStackAlarms;

    AlarmStacks(Construct scope, Props props) {
        ResponderConfig config = props.config();
        List<List<WatchedTable>> groups = props.alarmGroups();
        List<Alarm> alarms = new ArrayList<>(new DynamoDbAlarms(scope, "DynamoDbAlarms", config.deploymentName(),
                groups.get(0), props.alarmTopic(), config.sensor()).alarms());
        config.unnamedTables().ifPresent(unnamed -> alarms.addAll(
                new AccountWideAlarms(scope, "AccountWideAlarms", config, unnamed, props.alarmTopic()).alarms()));
        for (int group = 1; group < groups.size(); group++) {
            // Numbered from 2: the main stack holds the first group. The topic's ARN reaches them as a parameter.
            NestedStack nested = new NestedStack(scope, "TableAlarms" + (group + 1), NestedStackProps.builder()
                    .description(config.deploymentName() + ": alarms of " + groups.get(group).size() + " more tables")
                    .build());
            List<Alarm> nestedAlarms = new DynamoDbAlarms(nested, "DynamoDbAlarms", config.deploymentName(),
                    groups.get(group), props.alarmTopic(), config.sensor()).alarms();
            ResponderDashboard.forTables(nested, "Dashboard", config.deploymentName() + "-tables-" + (group + 1),
                    groups.get(group), nestedAlarms);
        }
        this.mainStackAlarms = List.copyOf(alarms);
    }

    /** The alarms of the main stack, in the order of the configuration: its dashboard shows their status. */
    List<Alarm> mainStackAlarms() {
        return mainStackAlarms;
    }
}
