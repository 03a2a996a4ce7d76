package io.throttleresponder.logging;

import static io.throttleresponder.logging.StructuredEntry.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The functions' SLF4J binding, through SLF4J as the handlers use it (the build's tests log at WARN). */
class JsonLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(JsonLineTest.class);

    @Test
    void slf4j_findsTheFunctionsOwnBinding() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLineLoggerFactory.class);
    }

    @Test
    void lineInAnInvocation_hasPowertoolsFieldNames_theContextsFields_andEachEntryAtTopLevel() throws Exception {
        String written = stderrOf(() -> InvocationLogging.withContext(context(), () -> {
            LOG.warn("follow-up failed, will be retried {}", entry("messageId", "m-2"), entry("actions", List.of("NOTIFY:APPLIED")),
                    entry("reason", null), entry("deliveries", 3), new IllegalStateException("connection refused"));
            return null;
        }));

        assertThat(written.lines()).hasSize(1);
        JsonNode line = JSON.readTree(written);
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("message").asText()).isEqualTo("follow-up failed, will be retried messageId=m-2");
        assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(line.get("error").get("message").asText()).isEqualTo("connection refused");
        assertThat(line.get("error").get("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.get("error").get("stack").asText()).startsWith("java.lang.IllegalStateException: connection refused\n\tat ");
        assertThat(line.get("cold_start").isBoolean()).isTrue();
        assertThat(line.get("function_arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:responder:live");
        assertThat(line.get("function_memory_size").isInt()).isTrue();
        assertThat(line.get("function_memory_size").asInt()).isEqualTo(1024);
        assertThat(line.get("function_name").asText()).isEqualTo("responder");
        assertThat(line.get("function_request_id").asText()).isEqualTo("request-1");
        assertThat(line.get("function_version").asText()).isEqualTo("7");
        assertThat(line.has("service")).isTrue();
        assertThat(line.get("messageId").asText()).isEqualTo("m-2");
        assertThat(line.get("actions").isArray()).isTrue();
        assertThat(line.get("actions").get(0).asText()).isEqualTo("NOTIFY:APPLIED");
        assertThat(line.get("reason").isNull()).isTrue();
        assertThat(line.get("deliveries").asInt()).isEqualTo(3);
    }

    @Test
    void afterTheInvocation_itsFieldsAreGone_andTheThreadsOwnStay() throws Exception {
        MDC.put("priming", "true");
        try {
            InvocationLogging.withContext(context(), () -> null);
            JsonNode line = JSON.readTree(stderrOf(() -> LOG.warn("primed for snapshot")));

            assertThat(line.get("priming").asText()).isEqualTo("true");
            assertThat(line.has("function_request_id")).isFalse();
            assertThat(line.has("cold_start")).isFalse();
        } finally {
            MDC.remove("priming");
        }
    }

    @Test
    void belowTheLevel_writesNothing_andOtherLibrariesLogFromWarn() {
        assertThat(stderrOf(() -> LOG.info("below the tests' WARN"))).isEmpty();
        assertThat(stderrOf(() -> LoggerFactory.getLogger("software.amazon.awssdk.request").info("SDK detail"))).isEmpty();
        assertThat(stderrOf(() -> LoggerFactory.getLogger("software.amazon.awssdk.request").warn("SDK warning"))).contains("SDK warning");
    }

    @Test
    void levelNamed_readsThemAsPowertoolsDid() {
        assertThat(JsonLineLoggerFactory.levelNamed("debug")).isEqualTo(org.slf4j.event.Level.DEBUG);
        assertThat(JsonLineLoggerFactory.levelNamed("FATAL")).isEqualTo(org.slf4j.event.Level.ERROR);
        assertThat(JsonLineLoggerFactory.levelNamed("loud")).isEqualTo(org.slf4j.event.Level.INFO);
    }

    private static String stderrOf(Runnable logging) {
        PrintStream previous = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(previous);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Context context() {
        Map<String, Object> values = Map.of(
                "getInvokedFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:responder:live",
                "getMemoryLimitInMB", 1024,
                "getFunctionName", "responder",
                "getAwsRequestId", "request-1",
                "getFunctionVersion", "7");
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName() + Arrays.toString(args));
                    }
                    return values.get(method.getName());
                });
    }
}
