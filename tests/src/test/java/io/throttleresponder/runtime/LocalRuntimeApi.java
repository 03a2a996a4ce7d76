package io.throttleresponder.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda's Runtime API on the loopback interface, as the runtime interface client talks to it
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): invocations are handed out by
 * {@code GET /runtime/invocation/next} in the order they were queued, and every answer (response,
 * invocation error, init error, and SnapStart's restore/next and restore/error) is recorded.
 * {@code invocation/next} waits while nothing is queued, as Lambda's does between invocations.
 */
final class LocalRuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** One answer the function gave: what it posted (or asked for), for which request, with which error type. */
    record Answer(String kind, String requestId, String errorType, String body) {}

    private record Invocation(String requestId, byte[] payload) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Answer>> byRequest = new ConcurrentHashMap<>();
    private final CompletableFuture<Answer> initError = new CompletableFuture<>();
    private final CompletableFuture<Void> restored = new CompletableFuture<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Duration timeout;

    /** @param timeout the function's timeout: each invocation's deadline is that far from when it is handed out */
    LocalRuntimeApi(Duration timeout) throws IOException {
        this.timeout = timeout;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(PREFIX, this::serve);
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API: host and port, no scheme. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one event; the future completes with the function's response or error for it. */
    CompletableFuture<Answer> invoke(byte[] payload) {
        String requestId = "rehearsal-" + requestIds.incrementAndGet();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        byRequest.put(requestId, answer);
        queued.add(new Invocation(requestId, payload));
        return answer;
    }

    /** Completes when the function reports an init error (POST init/error). */
    CompletableFuture<Answer> initError() {
        return initError;
    }

    /** Completes when the runtime asks for restore/next: every beforeCheckpoint hook has returned. */
    CompletableFuture<Void> restored() {
        return restored;
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("GET") && path.equals("restore/next")) {
                answers.add(new Answer("restore/next", null, null, ""));
                restored.complete(null);
                reply(exchange, 200, new byte[0]);
            } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
                Answer answer = new Answer(path, null, errorType, new String(body, StandardCharsets.UTF_8));
                answers.add(answer);
                initError.complete(answer);
                reply(exchange, 202, new byte[0]);
            } else if (method.equals("POST") && path.startsWith("invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                String[] parts = path.split("/");
                Answer answer = new Answer(parts[2], parts[1], errorType, new String(body, StandardCharsets.UTF_8));
                answers.add(answer);
                CompletableFuture<Answer> pending = byRequest.get(parts[1]);
                if (pending == null) {
                    reply(exchange, 400, "{\"errorMessage\":\"unknown request id\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                pending.complete(answer);
                reply(exchange, 202, new byte[0]);
            } else {
                reply(exchange, 404, ("{\"errorMessage\":\"not a Runtime API path: " + method + " " + path + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = queued.poll(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (invocation == null) {
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeout.toMillis()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:throttle-responder-rehearsal:live");
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        reply(exchange, 200, invocation.payload());
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
