package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * No stack ceiling: src/test/resources/150-tables-config.json, 150 provisioned tables with two GSIs each,
 * 150 x (11 + 2 x 10) = 4,650 alarms, go to the main stack and nested stacks, each template under
 * CloudFormation's limits.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html">500
 *     resources per stack, a template body of at most 1 MB from S3, 200 outputs, 200 parameters</a>
 */
class StackSplitTest {

    static final int TABLES = 150;
    static final int ALARMS = TABLES * (11 + 2 * 10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    private static List<Template> templates;

    @BeforeAll
    static void synthesize() throws Exception {
        Files.writeString(dir.resolve("stand-in.txt"), "the function jar in tests");
        templates = ThrottleResponderApp.synthesizeAll(Path.of("src/test/resources/150-tables-config.json"), dir);
    }

    @Test
    void everyAlarm_isInOneOfTheTemplates_once() {
        List<String> names = new ArrayList<>();
        templates.forEach(template -> template.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm ->
                names.add(JSON.valueToTree(alarm).at("/Properties/AlarmName").asText())));

        assertThat(names.stream().filter(name -> name.startsWith("big-table-"))).hasSize(ALARMS).doesNotHaveDuplicates();
        assertThat(templates).hasSizeGreaterThan(ALARMS / ThrottleResponder.MAX_ALARMS_PER_NESTED_STACK);
    }

    @Test
    void everyTemplate_staysUnderCloudFormationsLimits_asTheCdkCliWritesIt() {
        assertThat(templates).allSatisfy(template -> {
            JsonNode json = JSON.valueToTree(template.toJSON());
            assertThat(json.path("Resources").size()).isLessThanOrEqualTo(500);
            assertThat(json.path("Outputs").size()).isLessThanOrEqualTo(200);
            assertThat(json.path("Parameters").size()).isLessThanOrEqualTo(200);
            assertThat(writtenSize(json, 0)).isLessThan(1_048_576);
        });
    }

    /** Every role policy and managed policy, with its ARNs as IAM sees them, under IAM's size limits. */
    @Test
    void everyPolicyDocument_staysUnderIamsSizeLimits() {
        Template main = templates.get(0);
        Map<String, Integer> limits = Map.of("AWS::IAM::Policy", 10_240, "AWS::IAM::ManagedPolicy", 6_144);
        limits.forEach((type, limit) -> assertThat(main.findResources(type).values()).allSatisfy(policy -> {
            JsonNode document = JSON.valueToTree(policy).at("/Properties/PolicyDocument");
            assertThat(rendered(document).replaceAll("\\s", "").length()).as(type).isLessThanOrEqualTo(limit);
        }));
        assertThat(main.findResources("AWS::IAM::ManagedPolicy")).hasSizeLessThanOrEqualTo(2 * 10);
    }

    /** The bytes of the template as the CDK CLI writes it (JSON.stringify with an indent of one space). */
    private static long writtenSize(JsonNode node, int depth) {
        if (node.isContainerNode()) {
            if (node.isEmpty()) {
                return 2;
            }
            long size = 2 + 1 + depth;
            var fields = node.fields();
            int index = 0;
            for (JsonNode child : node) {
                size += depth + 1 + writtenSize(child, depth + 1) + 1 + (index++ < node.size() - 1 ? 1 : 0);
                if (node.isObject()) {
                    size += JSON.valueToTree(fields.next().getKey()).toString().getBytes(StandardCharsets.UTF_8).length + 2;
                }
            }
            return size;
        }
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The policy as IAM receives it: the account, Region and partition written in, the ARNs of references 60 characters. */
    private static String rendered(JsonNode node) {
        String text = node.toString();
        return text.replaceAll("\\{\"Fn::Sub\":\"([^\"]*)\"}", "\"$1\"")
                .replace("${AWS::Partition}", "aws-us-gov").replace("${AWS::Region}", "us-gov-west-1")
                .replace("${AWS::AccountId}", "123456789012")
                .replaceAll("\\{\"(Ref|Fn::GetAtt|Fn::Join)\":(\\[[^\\]]*\\]|\"[^\"]*\")}", "\"" + "x".repeat(60) + "\"");
    }

    @Test
    void nestedStacksAlarms_notifyTheMainStacksAlarmTopic_onAlarmAndOk() {
        Template main = templates.get(0);
        String topic = main.findResources("AWS::SNS::Topic").entrySet().stream()
                .filter(t -> JSON.valueToTree(t.getValue()).at("/Properties/TopicName").asText().equals("big-alarms"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Map<String, Object>> nestedStacks = main.findResources("AWS::CloudFormation::Stack");
        assertThat(nestedStacks).hasSize(templates.size() - 1);
        // The main stack hands each nested stack the topic's ARN, which its alarms name as their actions.
        assertThat(nestedStacks.values()).allSatisfy(stack -> assertThat(JSON.valueToTree(stack).at("/Properties/Parameters")
                .toString()).contains(topic));
        for (Template nested : templates.subList(1, templates.size())) {
            assertThat(nested.findResources("AWS::CloudWatch::Alarm").values()).allSatisfy(alarm -> {
                JsonNode properties = JSON.valueToTree(alarm).get("Properties");
                assertThat(properties.get("AlarmActions")).hasSize(1);
                assertThat(properties.get("OKActions")).isEqualTo(properties.get("AlarmActions"));
                assertThat(properties.get("AlarmActions").toString()).contains("Ref");
            });
            assertThat(nested.findResources("AWS::CloudWatch::Dashboard")).hasSize(1);
        }
    }

    @Test
    void alarmGroups_keepTablesWhole_andFillTheMainStackFirst() {
        WatchedTable provisionedWithTwoGsis = new WatchedTable("t", BillingMode.PROVISIONED, List.of("a", "b"),
                Thresholds.SEED, List.of("GetItem"), Map.of());
        List<WatchedTable> tables = java.util.Collections.nCopies(40, provisionedWithTwoGsis);

        List<List<WatchedTable>> groups = ThrottleResponder.alarmGroups(tables, 100, 60, false);

        // 27 alarms a table: 3 tables (81) in the first 100, then 2 (54) per 60.
        assertThat(groups.get(0)).hasSize(3);
        assertThat(groups.subList(1, groups.size())).allSatisfy(group -> assertThat(group).hasSizeLessThanOrEqualTo(2));
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(40);
    }
}
