package io.throttleresponder.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local over HTTP on a free port, in memory, without telemetry, and with one database
 * whatever the caller's access key and Region ({@code -sharedDb}), as one account's tables are.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI uri;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    public static DynamoDbLocalServer start() {
        try {
            int port = freePort();
            String[] arguments = {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)};
            // DynamoDB Local prints its banner on standard output, which is an application's log or a report here.
            PrintStream out = System.out;
            synchronized (System.class) {
                System.setOut(System.err);
                try {
                    DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(arguments);
                    server.start();
                    return new DynamoDbLocalServer(server, URI.create("http://localhost:" + port));
                } finally {
                    System.setOut(out);
                }
            }
        } catch (Exception e) {
            throw new SandboxException("DynamoDB Local could not start: " + e.getMessage());
        }
    }

    public URI uri() {
        return uri;
    }

    /** A client straight to it, in {@code region}: to create and inspect tables. */
    public DynamoDbClient client(Region region) {
        return DynamoDbClient.builder()
                .endpointOverride(uri)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new SandboxException("DynamoDB Local did not stop: " + e.getMessage());
        }
    }
}
