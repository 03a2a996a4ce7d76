package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassBreakdownTest {

    private static String loaded(String name) {
        return "[0.412s][info][class,load] " + name + " source: file:/var/task/alarm-function.jar";
    }

    @Test
    void of_countsEachClassInItsCategory_upToTheFirstNotificationsMarker() {
        List<String> log = List.of(
                loaded("software.amazon.awssdk.services.dynamodb.model.TableDescription"),
                loaded("software.amazon.awssdk.services.dynamodb.model.TableDescription$$Lambda$812/0x0000000800c3b000"),
                loaded("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient"),
                loaded("software.amazon.awssdk.core.SdkField"),
                loaded("com.fasterxml.jackson.databind.ObjectMapper"),
                "[0.013s][info][class,load] java.lang.Object source: shared objects file",
                loaded("sun.net.www.protocol.http.HttpURLConnection"),
                loaded("io.throttleresponder.respond.Responder"),
                loaded("software.amazon.cloudwatchlogs.emf.model.MetricsContext"),
                "[0.500s][warning][cds] not a class line",
                loaded(ClassBreakdown.FIRST_HANDLED_MARKER),
                loaded("software.amazon.awssdk.services.sqs.model.SendMessageRequest"));

        assertThat(ClassBreakdown.of(log)).containsExactly(
                entry(ClassBreakdown.SDK_MODEL, 1),
                entry(ClassBreakdown.SDK_MODEL_LAMBDAS, 1),
                entry(ClassBreakdown.SDK_REST, 2),
                entry(ClassBreakdown.JACKSON, 1),
                entry(ClassBreakdown.JDK, 2),
                entry(ClassBreakdown.OURS, 1),
                entry(ClassBreakdown.OTHER, 1));
    }
}
