package io.throttleresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The Application Auto Scaling client is the one SDK module at 2.40.2 (the newest the Maven mirror
 * here serves) on the 2.57.8 core the others use. This proves the pair on the wire: the client the
 * factory builds sends the JSON-1.1 request Application Auto Scaling expects and reads its answer.
 */
class ApplicationAutoScalingWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(String target, JsonNode body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private AwsClients clients;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            received.add(new Received(target, JSON.readTree(exchange.getRequestBody())));
            byte[] answer = (target.endsWith("DescribeScalableTargets")
                    ? "{\"ScalableTargets\":[{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/orders\","
                            + "\"ScalableDimension\":\"dynamodb:table:WriteCapacityUnits\",\"MinCapacity\":50,\"MaxCapacity\":500,"
                            + "\"RoleARN\":\"arn:aws:iam::123456789012:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/"
                            + "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable\",\"CreationTime\":1.795E9,"
                            + "\"SuspendedState\":{\"DynamicScalingInSuspended\":false}}]}"
                    : "{\"ScalableTargetARN\":\"arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0123\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        // The default credentials chain outside Lambda reads these system properties first.
        System.setProperty("aws.accessKeyId", "wire-test");
        System.setProperty("aws.secretAccessKey", "wire-test");
        clients = AwsClients.create("us-east-1", URI.create("http://localhost:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void describeAndRegister_goOverTheWireAsApplicationAutoScalingExpects() {
        ApplicationAutoScalingClient autoScaling = clients.applicationAutoScaling();

        List<ScalableTarget> targets = autoScaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceIds("table/orders")).scalableTargets();
        autoScaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId("table/orders")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS).minCapacity(150));

        assertThat(targets).singleElement().satisfies(target -> {
            assertThat(target.scalableDimension()).isEqualTo(ScalableDimension.DYNAMODB_TABLE_WRITE_CAPACITY_UNITS);
            assertThat(target.minCapacity()).isEqualTo(50);
            assertThat(target.suspendedState().dynamicScalingInSuspended()).isFalse();
        });
        assertThat(received).extracting(Received::target).containsExactly(
                "AnyScaleFrontendService.DescribeScalableTargets", "AnyScaleFrontendService.RegisterScalableTarget");
        assertThat(received.get(1).body().toString()).isEqualTo("{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/orders\","
                + "\"ScalableDimension\":\"dynamodb:table:WriteCapacityUnits\",\"MinCapacity\":150}");
    }
}
