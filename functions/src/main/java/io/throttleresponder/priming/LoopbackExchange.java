package io.throttleresponder.priming;

import io.throttleresponder.aws.AwsClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * One HTTP exchange through the functions' own HTTP client with a server on loopback inside the process,
 * before the snapshot. Priming answers every SDK call inside the process, so without this the JDK's HTTP and
 * socket code first loads and runs in the restored function's first round of calls. The server answers
 * {@code Connection: close} and waits for the client to close its end, so no connection is left in the
 * snapshot: AWS warns that connections made before a snapshot may not survive the restore
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html#snapstart-networking).
 */
final class LoopbackExchange {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** The request's body and the answer's, an empty JSON object. */
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private LoopbackExchange() {}

    /**
     * Runs the exchange through {@code http}; returns once the client has closed its connection, or throws if it
     * has not within {@code wait}.
     */
    static void run(SdkHttpClient http, Duration wait) {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) wait.toMillis());
            // A thread of its own, gone when the exchange ends: no pool is started for one exchange.
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> answerOnce(server, wait), task -> {
                Thread thread = new Thread(task, "priming-loopback-server");
                thread.setDaemon(true);
                thread.start();
            });
            SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort() + "/"))
                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                    .putHeader("Content-Length", Integer.toString(BODY.length))
                    .build();
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(request)
                    .contentStreamProvider(() -> new ByteArrayInputStream(BODY))
                    .build()).call();
            try (AbortableInputStream body = response.responseBody().orElseThrow()) {
                body.readAllBytes();
            }
            answered.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("the loopback exchange before the snapshot failed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the loopback exchange before the snapshot did not end", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the loopback exchange before the snapshot", e);
        }
    }

    /** Through the client the functions' SDK clients share ({@link AwsClients#httpClient()}), closed after. */
    static void run() {
        try (SdkHttpClient http = AwsClients.httpClient()) {
            run(http, WAIT);
        }
    }

    /** Reads one request, answers it with {@code Connection: close}, then reads until the client has closed its end. */
    private static void answerOnce(ServerSocket server, Duration wait) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout((int) wait.toMillis());
            InputStream in = socket.getInputStream();
            int contentLength = readHeaders(in);
            in.readNBytes(contentLength);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + BODY.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(BODY);
            out.flush();
            socket.shutdownOutput();
            while (in.read() != -1) {
                // Whatever the client sends after the answer is of no interest; its close is.
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the request's head up to its blank line; returns its Content-Length (0 without one). */
    private static int readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the client closed before the end of its request's head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }
}
