package io.throttleresponder.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that never opens a connection: it answers every request in the process, from
 * canned bodies keyed by operation, in each service's own protocol (AWS JSON with
 * {@code X-Amz-Target}; CloudWatch's RPCv2 CBOR, operation in the path; SNS's query protocol,
 * {@code Action} in the form). SnapStart priming runs the production clients and adapters over it, so
 * their marshalling, signing and unmarshalling are loaded and compiled before the snapshot while
 * nothing reaches AWS (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html,
 * "Maximize Lambda SnapStart performance": prime the paths the function takes, with calls that change
 * nothing).
 */
public final class PrimingHttpClient implements SdkHttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** CBOR's empty map: a successful RPCv2 answer with no members. */
    private static final byte[] EMPTY_CBOR_MAP = {(byte) 0xA0};
    private static final String SQS_SEND_MESSAGE = "AmazonSQS.SendMessage";

    private final Map<String, String> jsonBodies;
    private final List<String> answered = Collections.synchronizedList(new ArrayList<>());

    /** @param jsonBodies AWS JSON answers by X-Amz-Target ("DynamoDB_20120810.DescribeTable"); others get {@code {}} */
    public PrimingHttpClient(Map<String, String> jsonBodies) {
        this.jsonBodies = Map.copyOf(jsonBodies);
    }

    /** Every operation answered, in order, as "target" or "service.Operation". */
    public List<String> answered() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request);
            }

            @Override
            public void abort() {
                // Nothing is in flight: the answer is made in the calling thread.
            }
        };
    }

    private HttpExecuteResponse answer(HttpExecuteRequest request) {
        byte[] body = request.contentStreamProvider().map(provider -> readAll(provider.newStream())).orElse(new byte[0]);
        Optional<String> target = request.httpRequest().firstMatchingHeader("X-Amz-Target");
        String path = request.httpRequest().encodedPath();
        if (target.isPresent()) {
            answered.add(target.get());
            String json = target.get().equals(SQS_SEND_MESSAGE) ? sentMessage(body) : jsonBodies.getOrDefault(target.get(), "{}");
            return response("application/x-amz-json-1.0", json.getBytes(StandardCharsets.UTF_8));
        }
        if (path.contains("/operation/")) {
            answered.add("cbor." + path.substring(path.lastIndexOf('/') + 1));
            return response("application/cbor", EMPTY_CBOR_MAP, "smithy-protocol", "rpc-v2-cbor");
        }
        String action = formValue(new String(body, StandardCharsets.UTF_8), "Action");
        answered.add("query." + action);
        String xml = "<" + action + "Response><" + action + "Result><MessageId>priming</MessageId></" + action + "Result>"
                + "<ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata></" + action + "Response>";
        return response("text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** SQS's client checks the body's MD5 in the answer against what it sent. */
    private static String sentMessage(byte[] request) {
        try {
            JsonNode sent = JSON.readTree(request);
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest(sent.path("MessageBody").asText("").getBytes(StandardCharsets.UTF_8));
            return JSON.createObjectNode()
                    .put("MessageId", "priming")
                    .put("MD5OfMessageBody", HexFormat.of().formatHex(digest))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "Unknown";
    }

    private static HttpExecuteResponse response(String contentType, byte[] body, String... headers) {
        SdkHttpResponse.Builder response = SdkHttpResponse.builder()
                .statusCode(200)
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amzn-RequestId", "priming");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.putHeader(headers[i], headers[i + 1]);
        }
        return HttpExecuteResponse.builder()
                .response(response.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return "PrimingInProcess";
    }

    @Override
    public void close() {
        // Holds no connection.
    }
}
