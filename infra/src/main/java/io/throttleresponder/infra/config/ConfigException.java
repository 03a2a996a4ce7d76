package io.throttleresponder.infra.config;

import java.nio.file.Path;
import java.util.List;

/** A configuration file that cannot be deployed; the message names the file, each key and its problem. */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(Path file, List<String> problems) {
        super(file + " is not a valid throttle-responder configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code keyPath: what is wrong}, in file order. */
    public List<String> problems() {
        return problems;
    }
}
