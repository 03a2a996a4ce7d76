package io.throttleresponder;

import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.ResponderPolicy;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.wiring.ConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What --config names: the responder's policy document, or the deployment configuration it is generated from. */
final class PolicyFiles {

    private PolicyFiles() {}

    /**
     * The responder's policy document, or the deployment configuration (JSON with comments, as
     * {@code cdk deploy} reads it), whose policy is generated exactly as the stack generates it. Says which.
     */
    static Policy read(Path file, PrintStream err) {
        return PolicyParser.parse(document(file, err), file.toString());
    }

    /** The policy document (RESPONDER_POLICY) --config gives: the file itself, or the one the stack generates from it. */
    static String document(Path file, PrintStream err) {
        String text = readText(file);
        if (ConfigLoader.isDeploymentConfig(text)) {
            err.println("--config " + file + ": read as the deployment configuration; its policy is the stack's");
            return ResponderPolicy.toJson(ConfigLoader.parse(file, text));
        }
        err.println("--config " + file + ": read as the responder's policy document (RESPONDER_POLICY)");
        return text;
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
