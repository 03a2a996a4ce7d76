package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
    private static Path assembly;
    private static List<Template> templates;

    @BeforeAll
    static void synthesize() throws Exception {
        Files.writeString(dir.resolve("stand-in.txt"), "the function jar in tests");
        assembly = ThrottleResponderApp.synthesizeAssembly(Path.of("src/test/resources/150-tables-config.json"), dir);
        // The main stack's template first, then the nested stacks', as cdk synth wrote them.
        templates = new ArrayList<>();
        try (var files = Files.list(assembly)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".template.json"))
                    .sorted(Comparator.comparing((Path path) -> !path.getFileName().toString().equals("big.template.json"))
                            .thenComparing(Path::toString)).toList()) {
                templates.add(Template.fromJSON(JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { })));
            }
        }
    }

    @Test
    void everyAlarm_isInOneOfTheTemplates_once() {
        List<String> names = new ArrayList<>();
        templates.forEach(template -> template.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm ->
                names.add(JSON.valueToTree(alarm).at("/Properties/AlarmName").asText())));

        assertThat(names.stream().filter(name -> name.startsWith("big-table-"))).hasSize(ALARMS).doesNotHaveDuplicates();
        assertThat(templates).hasSizeGreaterThan(ALARMS / DeployLimits.MAX_RESOURCES);
    }

    @Test
    void everyTemplate_staysUnderCloudFormationsLimits_asTheCdkCliWritesIt() {
        assertThat(templates).allSatisfy(template -> {
            JsonNode json = JSON.valueToTree(template.toJSON());
            assertThat(json.path("Resources").size()).isLessThanOrEqualTo(500);
            assertThat(json.path("Outputs").size()).isLessThanOrEqualTo(200);
            assertThat(json.path("Parameters").size()).isLessThanOrEqualTo(200);
            assertThat(DeployLimits.writtenBytes(json)).isLessThanOrEqualTo(DeployLimits.MAX_TEMPLATE_BYTES);
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
    void alarmGroups_keepTablesWhole_andFillTheMainStackFirst_withinResourcesAndBytes() {
        WatchedTable provisionedWithTwoGsis = new WatchedTable("t", BillingMode.PROVISIONED, List.of("a", "b"),
                Thresholds.SEED, List.of("GetItem"), Map.of());
        List<WatchedTable> tables = java.util.Collections.nCopies(40, provisionedWithTwoGsis);

        // 31 alarms and 40,000 bytes a table: 3 tables (93 alarms) in the main stack's 100 resources, then 2 per
        // nested stack, whose 100,000 bytes take no third.
        List<List<WatchedTable>> groups = StackSplit.alarmGroups(tables, new StackSplit.Budget(100, 1_000_000),
                new StackSplit.Budget(1_000, 100_000), table -> 31, table -> 40_000);

        assertThat(groups.get(0)).hasSize(3);
        assertThat(groups.subList(1, groups.size() - 1)).allSatisfy(group -> assertThat(group).hasSize(2));
        assertThat(groups.get(groups.size() - 1)).hasSize(1);
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(40);
    }

    @Test
    void alarmGroups_leaveTheMainStackEmpty_whenNoTableFitsItsRoom() {
        WatchedTable table = new WatchedTable("t", BillingMode.PAY_PER_REQUEST, List.of(), Thresholds.SEED, List.of("GetItem"), Map.of());

        List<List<WatchedTable>> groups = StackSplit.alarmGroups(List.of(table, table), new StackSplit.Budget(500, 10),
                new StackSplit.Budget(500, 100_000), any -> 9, any -> 20_000);

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).isEmpty();
        assertThat(groups.get(1)).hasSize(2);
    }

    /**
     * Lambda takes at most 4 KB for all of a function's environment variables, keys and values
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html): with 150 named tables the policy
     * is in its layer, and each reference (an ARN, a URL) is counted at 300 characters, longer than any it resolves to.
     */
    @Test
    void eachFunctionsEnvironment_fitsLambdas4Kb_whateverTheNumberOfTables() throws Exception {
        JsonNode functions = JSON.valueToTree(templates.get(0).findResources("AWS::Lambda::Function"));
        assertThat(functions).hasSize(2).allSatisfy(function -> {
            JsonNode variables = function.at("/Properties/Environment/Variables");
            long bytes = 0;
            for (var names = variables.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode value = variables.get(name);
                bytes += name.getBytes(StandardCharsets.UTF_8).length
                        + (value.isTextual() ? value.asText().getBytes(StandardCharsets.UTF_8).length : 300);
            }
            assertThat(bytes).isLessThanOrEqualTo(4096);
        });
        assertThat(PolicyLayerContent.policy(templates.get(0), assembly).get("tables")).hasSize(TABLES);
    }

    @Test
    void theAssembly_asCdkSynthWritesIt_hasNoTemplateOverALimit() {
        assertThat(templates).hasSizeGreaterThan(1);
        assertThat(DeployLimits.violations(assembly)).isEmpty();
    }
}
