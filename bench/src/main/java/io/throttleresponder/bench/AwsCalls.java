package io.throttleresponder.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every AWS call the responder makes, with when it started and ended, recorded by wrapping the SDK
 * client interfaces. Optionally each call takes a simulated round trip, so calls that overlap (went
 * out together) are told from calls that waited for one another.
 */
public final class AwsCalls {

    /** The calls that change what throttles: the remedies. */
    public static final Set<String> REMEDIES = Set.of("UpdateTable", "RegisterScalableTarget", "UpdateContributorInsights");

    private static final Set<String> NOT_CALLS = Set.of("serviceName", "close", "serviceClientConfiguration", "waiter");

    public record Call(String operation, long startNanos, long endNanos) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final long simulatedRoundTripMillis;

    /** @param simulatedRoundTripMillis added to each call; 0 to measure the calls as they are */
    public AwsCalls(long simulatedRoundTripMillis) {
        this.simulatedRoundTripMillis = simulatedRoundTripMillis;
    }

    /** The client, recording each operation it performs; builder and paginator overloads are followed to the call they make. */
    public <T> T recording(Class<T> clientInterface, T client) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || NOT_CALLS.contains(method.getName())) {
                return invoke(method, client, args);
            }
            if (method.getName().endsWith("Paginator") || takesBuilderConsumer(method)) {
                // The interface's default method builds the request and calls back through this proxy.
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            long start = System.nanoTime();
            try {
                if (simulatedRoundTripMillis > 0) {
                    Thread.sleep(simulatedRoundTripMillis);
                }
                return invoke(method, client, args);
            } finally {
                calls.add(new Call(operationName(method.getName()), start, System.nanoTime()));
            }
        };
        return clientInterface.cast(Proxy.newProxyInstance(clientInterface.getClassLoader(), new Class<?>[] {clientInterface}, handler));
    }

    public List<Call> calls() {
        return calls.stream().sorted(Comparator.comparingLong(Call::startNanos)).toList();
    }

    public void clear() {
        calls.clear();
    }

    /** Wall time during which at least one call was outstanding: parallel calls count once. */
    public static long busyNanos(List<Call> calls) {
        long busy = 0;
        long coveredUntil = Long.MIN_VALUE;
        for (Call call : calls.stream().sorted(Comparator.comparingLong(Call::startNanos)).toList()) {
            long from = Math.max(call.startNanos(), coveredUntil);
            if (call.endNanos() > from) {
                busy += call.endNanos() - from;
                coveredUntil = call.endNanos();
            }
        }
        return busy;
    }

    /** The calls in sequential rounds: a call joins the round it overlaps, or starts the next one. */
    public static List<List<Call>> rounds(List<Call> calls) {
        List<List<Call>> rounds = new ArrayList<>();
        long roundEnd = Long.MIN_VALUE;
        for (Call call : calls.stream().sorted(Comparator.comparingLong(Call::startNanos)).toList()) {
            if (rounds.isEmpty() || call.startNanos() >= roundEnd) {
                rounds.add(new ArrayList<>());
                roundEnd = call.endNanos();
            } else {
                roundEnd = Math.min(roundEnd, call.endNanos());
            }
            rounds.get(rounds.size() - 1).add(call);
        }
        return rounds;
    }

    /** The calls issued before the first remedy call started; all of them when there is no remedy. */
    public static List<Call> beforeFirstRemedy(List<Call> calls) {
        long remedyStart = calls.stream().filter(c -> REMEDIES.contains(c.operation()))
                .mapToLong(Call::startNanos).min().orElse(Long.MAX_VALUE);
        return calls.stream().filter(c -> c.startNanos() < remedyStart).toList();
    }

    static String operationName(String methodName) {
        return Character.toUpperCase(methodName.charAt(0)) + methodName.substring(1);
    }

    private static boolean takesBuilderConsumer(Method method) {
        return method.getParameterCount() == 1 && method.getParameterTypes()[0] == Consumer.class;
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
