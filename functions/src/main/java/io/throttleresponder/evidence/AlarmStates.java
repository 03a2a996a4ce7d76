package io.throttleresponder.evidence;

import io.throttleresponder.alarm.AlarmState;
import java.util.Collection;
import java.util.Map;

/** The current state of alarms by name (DescribeAlarms); alarms that no longer exist are absent. */
public interface AlarmStates {

    Map<String, AlarmState> states(Collection<String> alarmNames);
}
