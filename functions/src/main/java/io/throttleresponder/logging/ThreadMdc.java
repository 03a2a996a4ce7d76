package io.throttleresponder.logging;

import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC, one map per thread, in key order. Not inherited, unlike SLF4J's BasicMDCAdapter: the
 * responder's pool threads start lazily, and one started while priming or during an invocation would
 * otherwise carry that moment's fields (the priming mark, a request id) into every later line.
 */
final class ThreadMdc implements MDCAdapter {

    private final ThreadLocal<TreeMap<String, String>> fields = ThreadLocal.withInitial(TreeMap::new);
    private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

    /** This thread's fields as they are now, read by the log line being written. */
    Map<String, String> current() {
        return fields.get();
    }

    @Override
    public void put(String key, String value) {
        fields.get().put(key, value);
    }

    @Override
    public String get(String key) {
        return fields.get().get(key);
    }

    @Override
    public void remove(String key) {
        fields.get().remove(key);
    }

    @Override
    public void clear() {
        fields.remove();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        return new TreeMap<>(fields.get());
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        fields.set(new TreeMap<>(contextMap));
    }

    @Override
    public void pushByKey(String key, String value) {
        stacks.pushByKey(key, value);
    }

    @Override
    public String popByKey(String key) {
        return stacks.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return stacks.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        stacks.clearDequeByKey(key);
    }
}
