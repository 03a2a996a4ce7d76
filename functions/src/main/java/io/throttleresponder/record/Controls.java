package io.throttleresponder.record;

import io.throttleresponder.model.Pause;
import java.util.Optional;

/**
 * The operator's switch, kept in the ledger table so that one command flips it without a deploy:
 * the function already reads and writes that table, and a conditional-free put is all a flip needs.
 * Paused, the responder changes nothing and its messages say what it would have done.
 */
public interface Controls {

    /** The pause in force, if any. */
    Optional<Pause> pause();

    void pause(Pause pause);

    void resume();
}
