package io.throttleresponder.respond;

public interface Notifier {

    void publish(IncidentMessage message);
}
