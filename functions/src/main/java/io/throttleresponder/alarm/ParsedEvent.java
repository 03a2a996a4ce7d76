package io.throttleresponder.alarm;

/** What one delivered event turned out to be: an alarm notification, or input the responder rejects. */
public sealed interface ParsedEvent {

    /** Null when the shape of the event itself was not recognised. */
    Delivery delivery();

    record Alarm(AlarmNotification notification) implements ParsedEvent {
        @Override
        public Delivery delivery() {
            return notification.delivery();
        }
    }

    record Rejected(Delivery delivery, String reason) implements ParsedEvent {}
}
