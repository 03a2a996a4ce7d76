package io.throttleresponder.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.throttleresponder.aws.AwsClients;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

class LoopbackExchangeTest {

    @Test
    void theFunctionsHttpClientExchangesOnceWithTheLoopbackServer_andClosesItsConnection() {
        try (SdkHttpClient http = AwsClients.httpClient()) {
            // Returns only once the server has read the client's close.
            LoopbackExchange.run(http, Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatKeepsItsConnectionOpen_failsTheExchange_forNoConnectionMayBeLeftInTheSnapshot() {
        List<Socket> kept = new ArrayList<>();
        SdkHttpClient keepsConnections = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        Socket socket = new Socket(request.httpRequest().host(), request.httpRequest().port());
                        kept.add(socket);
                        OutputStream out = socket.getOutputStream();
                        out.write("POST / HTTP/1.1\r\nHost: loopback\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(200).build())
                                // Closing the body leaves the socket open, as a pooled connection would be.
                                .responseBody(AbortableInputStream.create(new FilterInputStream(socket.getInputStream()) {
                                    @Override
                                    public void close() {
                                    }
                                }))
                                .build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public String clientName() {
                return "KeepsConnections";
            }

            @Override
            public void close() {
            }
        };

        try {
            assertThatThrownBy(() -> LoopbackExchange.run(keepsConnections, Duration.ofMillis(300)))
                    .hasMessageContaining("loopback exchange before the snapshot");
        } finally {
            kept.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a test's socket.
                }
            });
        }
        assertThat(kept).hasSize(1);
    }
}
