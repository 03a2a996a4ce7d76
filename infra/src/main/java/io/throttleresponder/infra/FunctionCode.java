package io.throttleresponder.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Each function's deployable artifact: the functions module builds one jar per function, holding only
 * what that function uses (docs/deploy.md lists them with their sizes).
 *
 * @param alarmFunction the alarm handler's jar, or a file or directory standing in for it
 * @param followUpFunction the follow-up handler's
 */
public record FunctionCode(Path alarmFunction, Path followUpFunction) {

    public static final String ALARM_FUNCTION_JAR = "functions/target/alarm-function.jar";
    public static final String FOLLOW_UP_FUNCTION_JAR = "functions/target/followup-function.jar";

    /** The jars `mvn package` builds in the repository at {@code repositoryRoot}. */
    public static FunctionCode builtUnder(Path repositoryRoot) {
        return new FunctionCode(repositoryRoot.resolve(ALARM_FUNCTION_JAR), repositoryRoot.resolve(FOLLOW_UP_FUNCTION_JAR));
    }

    /** Both functions from one artifact: a jar holding both handlers, or a stand-in in tests. */
    public static FunctionCode shared(Path code) {
        return new FunctionCode(code, code);
    }

    /** The artifacts that are not there, to name before synthesis fails on them. */
    List<Path> missing() {
        return Stream.of(alarmFunction, followUpFunction).distinct().filter(path -> !Files.exists(path)).toList();
    }
}
