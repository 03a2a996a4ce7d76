package io.throttleresponder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;

/** The CRaC resources that prime the functions before their SnapStart snapshots, each registered once per container. */
final class SnapshotPriming {

    /** CRaC holds resources weakly: these references keep the registered ones alive until the checkpoint. */
    private static final Map<Class<? extends Resource>, Resource> REGISTERED = new ConcurrentHashMap<>();

    private SnapshotPriming() {}

    /** Registers a resource of {@code kind} with the CRaC context once, however many handlers are built. */
    static void registerOnce(Class<? extends Resource> kind, Supplier<? extends Resource> resource) {
        REGISTERED.computeIfAbsent(kind, k -> {
            Resource created = resource.get();
            Core.getGlobalContext().register(created);
            return created;
        });
    }
}
