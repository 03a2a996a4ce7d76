package io.throttleresponder.aws;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Contributor;
import io.throttleresponder.act.AlarmStateReset;
import io.throttleresponder.evidence.AlarmStates;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmContributorsResponse;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * Alarm states from DescribeAlarms, at most 100 names per call as the API allows; set with SetAlarmState.
 * A Metrics Insights contributor, remembered as "alarm/contributor id", is not an alarm DescribeAlarms
 * knows: its state is its alarm's when that is not in ALARM, else whether DescribeAlarmContributors lists
 * it among the contributors in ALARM. A name neither answers stays absent: its state is unknown.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmContributors.html">
 *     DescribeAlarmContributors: the current alarm contributors that are in ALARM state</a>
 */
public final class CloudWatchAlarmStates implements AlarmStates, AlarmStateReset {

    static final int NAMES_PER_CALL = 100;
    static final int MAX_REASON = 1023;

    private final CloudWatchClient cloudWatch;

    public CloudWatchAlarmStates(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public Map<String, AlarmState> states(Collection<String> alarmNames) {
        Map<String, AlarmState> states = describe(List.copyOf(alarmNames));
        Map<String, String> parents = new HashMap<>();
        for (String name : alarmNames) {
            if (!states.containsKey(name)) {
                Contributor.alarmOf(name).ifPresent(parent -> parents.put(name, parent));
            }
        }
        if (parents.isEmpty()) {
            return states;
        }
        Map<String, AlarmState> parentStates = describe(List.copyOf(new HashSet<>(parents.values())));
        Map<String, Set<String>> inAlarm = new HashMap<>();
        parents.forEach((contributor, parent) -> {
            AlarmState parentState = parentStates.get(parent);
            if (parentState == null) {
                return;
            }
            if (parentState != AlarmState.ALARM) {
                states.put(contributor, parentState);
                return;
            }
            String id = contributor.substring(parent.length() + 1);
            boolean firing = inAlarm.computeIfAbsent(parent, this::contributorsInAlarm).contains(id);
            states.put(contributor, firing ? AlarmState.ALARM : AlarmState.OK);
        });
        return states;
    }

    private Map<String, AlarmState> describe(List<String> names) {
        Map<String, AlarmState> states = new HashMap<>();
        for (int from = 0; from < names.size(); from += NAMES_PER_CALL) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + NAMES_PER_CALL));
            cloudWatch.describeAlarms(r -> r.alarmNames(batch)).metricAlarms()
                    .forEach(a -> states.put(a.alarmName(), AlarmState.valueOf(a.stateValueAsString())));
        }
        return states;
    }

    @Override
    public void setOk(String alarmName, String reason) {
        // StateReason: at most 1,023 characters (API reference, SetAlarmState).
        cloudWatch.setAlarmState(r -> r.alarmName(alarmName).stateValue(StateValue.OK)
                .stateReason(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason));
    }

    private Set<String> contributorsInAlarm(String alarmName) {
        Set<String> ids = new HashSet<>();
        String token = null;
        do {
            String page = token;
            DescribeAlarmContributorsResponse response = cloudWatch.describeAlarmContributors(r -> r.alarmName(alarmName)
                    .nextToken(page));
            response.alarmContributors().forEach(c -> ids.add(c.contributorId()));
            token = response.nextToken();
        } while (token != null);
        return ids;
    }
}
