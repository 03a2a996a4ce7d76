package io.throttleresponder.notify;

public interface Notifier {

    void publish(IncidentMessage message);
}
