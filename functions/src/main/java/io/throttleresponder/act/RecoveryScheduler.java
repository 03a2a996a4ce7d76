package io.throttleresponder.act;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.policy.TableSettings;
import java.util.List;

/** The recovery's first half, which the responder calls when an alarm returns to OK. */
public interface RecoveryScheduler {

    /**
     * Schedules the undoing of what the responder changed for the alarm: one action per resource whose
     * incident the OK ends; none when nothing is the responder's to undo.
     */
    List<Action> afterOk(AlarmNotification alarm, ResourceId resource, Operation operation, TableSettings settings);
}
