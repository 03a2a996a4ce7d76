package io.throttleresponder.sandbox;

import io.throttleresponder.sandbox.InMemoryCloudWatch.SetState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.cloudwatch.model.AlarmContributor;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The alarms {@link InMemoryCloudWatch} knows: each alarm's state, each Metrics Insights contributor's,
 * and the changes made with SetAlarmState that no one has sent a notification for yet.
 */
final class AlarmStates {

    private final Map<String, StateValue> alarmStates = new ConcurrentHashMap<>();
    private final Map<String, Map<String, StateValue>> contributorStates = new ConcurrentHashMap<>();
    private final List<SetState> setStates = Collections.synchronizedList(new ArrayList<>());
    private final Clock clock;

    AlarmStates(Clock clock) {
        this.clock = clock;
    }

    void put(String alarmName, StateValue state) {
        alarmStates.put(alarmName, state);
    }

    boolean exists(String alarmName) {
        return alarmStates.containsKey(alarmName);
    }

    /** An existing alarm's new state; a change is kept for {@link #drainSetStates()}. */
    void set(String alarmName, StateValue to, String reason) {
        StateValue from = alarmStates.put(alarmName, to);
        if (from != to) {
            setStates.add(new SetState(alarmName, from, to, reason, clock.instant()));
        }
    }

    List<SetState> drainSetStates() {
        synchronized (setStates) {
            List<SetState> drained = List.copyOf(setStates);
            setStates.clear();
            return drained;
        }
    }

    void delete(List<String> alarmNames) {
        alarmNames.forEach(name -> {
            alarmStates.remove(name);
            contributorStates.remove(name);
        });
    }

    void setContributorState(String alarmName, String contributorId, StateValue state) {
        Map<String, StateValue> contributors = contributorStates.computeIfAbsent(alarmName, a -> new ConcurrentHashMap<>());
        contributors.put(contributorId, state);
        alarmStates.put(alarmName, contributors.containsValue(StateValue.ALARM) ? StateValue.ALARM : StateValue.OK);
    }

    StateValue contributorState(String alarmName, String contributorId) {
        return contributorStates.getOrDefault(alarmName, Map.of()).getOrDefault(contributorId, StateValue.OK);
    }

    List<AlarmContributor> contributorsInAlarm(String alarmName) {
        return contributorStates.getOrDefault(alarmName, Map.of()).entrySet().stream()
                .filter(e -> e.getValue() == StateValue.ALARM)
                .map(e -> AlarmContributor.builder().contributorId(e.getKey()).build())
                .toList();
    }

    /** The alarms of those names that exist, in the order asked. */
    List<MetricAlarm> describe(List<String> alarmNames) {
        return alarmNames.stream()
                .filter(alarmStates::containsKey)
                .map(name -> MetricAlarm.builder().alarmName(name).stateValue(alarmStates.get(name)).build())
                .toList();
    }

    StateValue alarmState(String alarmName) {
        return alarmStates.getOrDefault(alarmName, StateValue.INSUFFICIENT_DATA);
    }
}
