package io.throttleresponder.priming;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.MDC;

/** The CRaC resources that prime the functions before their SnapStart snapshots, each registered once per container. */
public final class SnapshotPriming {

    /** CRaC holds resources weakly: these references keep the registered ones alive until the checkpoint. */
    private static final Map<Class<? extends Resource>, Resource> REGISTERED = new ConcurrentHashMap<>();

    private SnapshotPriming() {}

    /** The log field every line written while priming carries, so no made-up alarm reads as real work. */
    static final String PRIMING_LOG_FIELD = "priming";

    /**
     * Runs one priming with every log line it writes marked {@code "priming":"true"}: the handlers log
     * their made-up work as they log real work, with no request id to tell them apart.
     */
    public static void marked(Runnable priming) {
        MDC.put(PRIMING_LOG_FIELD, "true");
        try {
            priming.run();
        } finally {
            MDC.remove(PRIMING_LOG_FIELD);
        }
    }

    /** Registers a resource of {@code kind} with the CRaC context once, however many handlers are built. */
    static void registerOnce(Class<? extends Resource> kind, Supplier<? extends Resource> resource) {
        REGISTERED.computeIfAbsent(kind, k -> {
            Resource created = resource.get();
            Core.getGlobalContext().register(created);
            return created;
        });
    }
}
