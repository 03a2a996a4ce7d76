package io.throttleresponder.logging;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The invocation's fields on every line the handler's thread logs while it runs, under the names
 * Powertools Logging gave them: cold_start, function_arn, function_memory_size, function_name,
 * function_request_id, function_version, service, xray_trace_id.
 */
public final class InvocationLogging {

    static final String COLD_START = "cold_start";
    static final String FUNCTION_MEMORY_SIZE = "function_memory_size";

    private static final AtomicBoolean FIRST_INVOCATION = new AtomicBoolean(true);
    /** The function's environment does not change between invocations: read once. */
    private static final String SERVICE = Objects.requireNonNullElse(System.getenv("POWERTOOLS_SERVICE_NAME"), "service_undefined");

    private InvocationLogging() {}

    /** Runs {@code work} with the invocation's fields in the MDC, and takes them out after. */
    public static <T> T withContext(Context context, Supplier<T> work) {
        Map<String, String> fields = fieldsOf(context);
        fields.forEach(MDC::put);
        try {
            return work.get();
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }

    private static Map<String, String> fieldsOf(Context context) {
        Map<String, String> fields = new LinkedHashMap<>();
        // A cold start is the first invocation of an environment initialized on demand; one restored from a
        // SnapStart snapshot reports snap-start, and its init is not in this invocation's time.
        // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
        boolean coldStart = FIRST_INVOCATION.getAndSet(false)
                && "on-demand".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
        fields.put(COLD_START, Boolean.toString(coldStart));
        putPresent(fields, "function_arn", context.getInvokedFunctionArn());
        fields.put(FUNCTION_MEMORY_SIZE, Integer.toString(context.getMemoryLimitInMB()));
        putPresent(fields, "function_name", context.getFunctionName());
        putPresent(fields, "function_request_id", context.getAwsRequestId());
        putPresent(fields, "function_version", context.getFunctionVersion());
        fields.put("service", SERVICE);
        putPresent(fields, "xray_trace_id", traceId());
        return fields;
    }

    /**
     * The X-Ray trace id of this invocation: the Java runtime sets the trace header as a system property
     * per invocation, other runtimes as _X_AMZN_TRACE_ID (the page above); its Root, as Powertools read it.
     */
    private static String traceId() {
        String header = System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID"));
        if (header == null || header.isEmpty()) {
            return null;
        }
        return header.split(";")[0].replace("Root=", "");
    }

    private static void putPresent(Map<String, String> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }
}
