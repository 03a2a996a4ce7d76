package io.throttleresponder.priming;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The CRaC resources that prime the functions before their SnapStart snapshots, each registered once per container. */
public final class SnapshotPriming {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPriming.class);

    /** CRaC holds resources weakly: these references keep the registered ones alive until the checkpoint. */
    private static final Map<Class<? extends Resource>, Resource> REGISTERED = new ConcurrentHashMap<>();

    private SnapshotPriming() {}

    /** The log field every line written while priming carries, so no made-up alarm reads as real work. */
    static final String PRIMING_LOG_FIELD = "priming";

    /**
     * Runs one priming as before a snapshot: every log line it writes marked {@code "priming":"true"} (the
     * handlers log their made-up work as they log real work, with no request id to tell them apart), then
     * the JVM left as the restored function should find it.
     */
    public static void beforeSnapshot(Runnable priming) {
        MDC.put(PRIMING_LOG_FIELD, "true");
        try {
            priming.run();
        } finally {
            MDC.remove(PRIMING_LOG_FIELD);
        }
        loadNameService();
        try {
            LoopbackExchange.run();
        } catch (RuntimeException e) {
            // A snapshot without it is slower to its first round of calls, not wrong.
            LOG.warn("the loopback HTTP exchange before the snapshot failed; the restored function's first calls load the HTTP code", e);
        }
        settleHeap();
    }

    /**
     * Loads the JVM's name service by resolving localhost, whose address no restore changes: the first
     * connection after a restore then only looks its endpoint up. Without it the InetAddress machinery loaded
     * inside the restored first notification (the benchmark, -Xlog:class+load); Log4j's start used to load it.
     */
    private static void loadNameService() {
        try {
            InetAddress.getByName("localhost");
        } catch (UnknownHostException e) {
            // A container that cannot resolve localhost still has its name service loaded by the attempt.
        }
    }

    /**
     * Collects priming's garbage before the snapshot, which also raises the metaspace's collection threshold
     * above the classes priming loaded: otherwise the restored first notification paid a young and a
     * metadata-threshold full collection (64 ms in the benchmark, -Xlog:gc) that priming had put off.
     */
    private static void settleHeap() {
        System.gc();
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
