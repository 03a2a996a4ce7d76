package io.throttleresponder.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the classes a first notification loads are, read from the JVM's class-load log
 * ({@code -Xlog:class+load}) up to the marker class {@link FunctionAsDeployed} loads when the first
 * notification has been handled. Pure.
 */
final class ClassBreakdown {

    /** Loaded right after the first notification: the log's end of it. */
    static final String FIRST_HANDLED_MARKER = FunctionAsDeployed.FirstNotificationHandled.class.getName();

    static final String SDK_MODEL = "the SDK's generated model classes of the operations called (requests, responses, nested shapes)";
    static final String SDK_MODEL_LAMBDAS = "lambda classes those model classes spin, one per field's getter and setter";
    static final String SDK_REST = "the rest of the AWS SDK (clients, core, protocols, signing, HTTP, Regions, endpoints)";
    static final String JACKSON = "Jackson";
    static final String JDK = "the JDK (java, javax, jdk, sun, com.sun), lambdas included";
    static final String OURS = "throttle-responder's own, lambdas included";
    static final String OTHER = "other libraries (Powertools Metrics and its EMF library, SLF4J, CRaC, the Lambda runtime interfaces)";

    private static final Pattern LOG_LINE = Pattern.compile("^\\[[^]]*]\\[info]\\[class,load] (\\S+) .*");
    private static final Pattern SDK_MODEL_CLASS = Pattern.compile("^software\\.amazon\\.awssdk\\.services\\.\\w+\\.model\\..*");

    private ClassBreakdown() {}

    /** The classes each category counts, in the order printed; all of the log's classes when the marker is absent. */
    static Map<String, Integer> of(List<String> classLoadLog) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String category : List.of(SDK_MODEL, SDK_MODEL_LAMBDAS, SDK_REST, JACKSON, JDK, OURS, OTHER)) {
            counts.put(category, 0);
        }
        for (String line : classLoadLog) {
            var matcher = LOG_LINE.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            String name = matcher.group(1);
            if (name.equals(FIRST_HANDLED_MARKER)) {
                break;
            }
            counts.merge(category(name), 1, Integer::sum);
        }
        return counts;
    }

    private static String category(String name) {
        if (SDK_MODEL_CLASS.matcher(name).matches()) {
            return name.contains("$$Lambda") ? SDK_MODEL_LAMBDAS : SDK_MODEL;
        }
        if (name.startsWith("software.amazon.awssdk.")) {
            return SDK_REST;
        }
        if (name.startsWith("com.fasterxml.jackson.")) {
            return JACKSON;
        }
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.")) {
            return JDK;
        }
        if (name.startsWith("io.throttleresponder.")) {
            return OURS;
        }
        return OTHER;
    }
}
