package io.throttleresponder.aws;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Names the AWS call a failure came from, as "adapter.method -> Operation" (for example
 * "DynamoDbDeliveryClaims.claimAndLock -> TransactWriteItems"), read from the failure's stack: the SDK's
 * exceptions say what went wrong on the wire ("Connection refused") but not which call of ours it was.
 * The operation is the method an adapter of this package (or of a package below it, as the ledger's)
 * called on its client, whichever client that is.
 */
public final class FailedCall {

    private static final String ADAPTERS = FailedCall.class.getPackageName() + ".";

    private FailedCall() {}

    /** The call, when the failure (or one of its causes) was thrown inside a client an adapter called. */
    public static Optional<String> of(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Optional<String> call = of(t.getStackTrace());
            if (call.isPresent()) {
                return call;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> of(StackTraceElement[] frames) {
        for (int i = 1; i < frames.length; i++) {
            StackTraceElement caller = frames[i];
            StackTraceElement callee = frames[i - 1];
            if (caller.getClassName().startsWith(ADAPTERS) && !callee.getClassName().startsWith(ADAPTERS)) {
                return Optional.of(simpleName(caller.getClassName()) + "." + method(caller.getMethodName())
                        + " -> " + capitalized(callee.getMethodName()));
            }
        }
        return Optional.empty();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    /** A lambda's frame ("lambda$claimAndLock$3") stands for the method that holds it. */
    private static String method(String name) {
        if (name.startsWith("lambda$")) {
            String rest = name.substring("lambda$".length());
            int end = rest.indexOf('$');
            return end < 0 ? rest : rest.substring(0, end);
        }
        return name;
    }

    private static String capitalized(String method) {
        return Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }
}
