package io.throttleresponder.aws;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.respond.AlarmStateReset;
import io.throttleresponder.respond.AlarmStates;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** Alarm states from DescribeAlarms, at most 100 names per call as the API allows; set with SetAlarmState. */
public final class CloudWatchAlarmStates implements AlarmStates, AlarmStateReset {

    static final int NAMES_PER_CALL = 100;
    static final int MAX_REASON = 1023;

    private final CloudWatchClient cloudWatch;

    public CloudWatchAlarmStates(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public Map<String, AlarmState> states(Collection<String> alarmNames) {
        List<String> names = List.copyOf(alarmNames);
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
}
