package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.ThrottleResponder.WatchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableV2;

/**
 * The construct in another team's CDK app: its own tables (a {@code Table} with a GSI, a {@code TableV2}),
 * one imported by name, one named only by string, and every other table of the account.
 */
class ThrottleResponderConstructTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path functionCode;
    private static Template template;
    private static Path assembly;

    @BeforeAll
    static void synthesizeTheTeamsApp() throws Exception {
        Files.writeString(functionCode.resolve("stand-in.txt"), "the function jar in tests");
        App app = ThrottleResponderApp.newApp();
        Stack stack = new Stack(app, "CheckoutService");
        Table orders = Table.Builder.create(stack, "Orders")
                .tableName("checkout-orders")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .billingMode(software.amazon.awscdk.services.dynamodb.BillingMode.PAY_PER_REQUEST)
                .build();
        orders.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName("by-customer")
                .partitionKey(Attribute.builder().name("customer").type(AttributeType.STRING).build()).build());
        TableV2 carts = TableV2.Builder.create(stack, "Carts")
                .tableName("checkout-carts")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .globalSecondaryIndexes(List.of(GlobalSecondaryIndexPropsV2.builder().indexName("by-session")
                        .partitionKey(Attribute.builder().name("session").type(AttributeType.STRING).build()).build()))
                .build();

        ThrottleResponder responder = ThrottleResponder.Builder.create(stack, "Responder")
                .deploymentName("checkout")
                .notificationEmails(List.of("oncall@example.com"))
                .functionCode(functionCode)
                .build();
        responder.watch(orders, WatchOptions.builder().policy(Map.of("scaleFactor", 2.0)).build())
                .watch(carts, WatchOptions.builder().build())
                .watch(Table.fromTableName(stack, "Legacy", "legacy-sessions"), WatchOptions.builder().build())
                .watch("payments", WatchOptions.builder().billingMode(BillingMode.PAY_PER_REQUEST)
                        .indexes(List.of("by-merchant")).build())
                .watchAllTables();
        template = Template.fromStack(stack);
        assembly = Path.of(app.getOutdir());
    }

    private static List<String> alarmNames() {
        List<String> names = new ArrayList<>();
        template.findResources("AWS::CloudWatch::Alarm").values()
                .forEach(alarm -> names.add(JSON.valueToTree(alarm).at("/Properties/AlarmName").asText()));
        return names;
    }

    @Test
    void tablesOfTheApp_areWatchedWithTheirBillingModeAndGsis_readFromTheirResources() {
        assertThat(alarmNames())
                .contains("checkout-checkout-orders-WriteMaxOnDemandThroughputThrottleEvents",
                        "checkout-checkout-orders-by-customer-WriteMaxOnDemandThroughputThrottleEvents",
                        "checkout-checkout-carts-ReadMaxOnDemandThroughputThrottleEvents",
                        "checkout-checkout-carts-by-session-ReadThrottleEvents")
                .doesNotContain("checkout-checkout-orders-WriteProvisionedThroughputThrottleEvents");
    }

    @Test
    void importedTable_isProvisionedWithoutGsis_andATableByName_asItsOptionsSay() {
        assertThat(alarmNames())
                .contains("checkout-legacy-sessions-WriteProvisionedThroughputThrottleEvents",
                        "checkout-payments-by-merchant-WriteMaxOnDemandThroughputThrottleEvents")
                .noneMatch(name -> name.startsWith("checkout-legacy-sessions-") && name.contains("-by-"));
    }

    @Test
    void watchAllTables_listsNoTableInItsQueries_whichCoverTheWatchedTablesToo() {
        List<String> expressions = new ArrayList<>();
        template.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm ->
                JSON.valueToTree(alarm).at("/Properties/Metrics").forEach(m -> expressions.add(m.path("Expression").asText())));

        assertThat(expressions).filteredOn(e -> e.startsWith("SELECT")).hasSize(20).allSatisfy(e -> assertThat(e)
                .doesNotContain("WHERE", "checkout-orders", "payments"));
    }

    @Test
    void functions_readAPolicyOfTheWatchedTables_andMayActOnThemAlone() throws Exception {
        JsonNode policy = PolicyLayerContent.policy(template, assembly);
        assertThat(policy.get("tables").has("checkout-orders")).isTrue();
        assertThat(policy.at("/tables/checkout-orders/scaleFactor").asDouble()).isEqualTo(2.0);
        assertThat(policy.get("watchAllTables").asBoolean()).isTrue();

        String statements = JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString();
        assertThat(statements).contains("WatchedTables", ":table/checkout-orders", ":table/payments/index/*");
    }

    @Test
    void theTeamsOwnTables_stayTheirs_besideTheLedger() {
        template.resourceCountIs("AWS::DynamoDB::Table", 2);
        template.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
    }

    @Test
    void tableWithoutAName_failsSynthNamingIt() {
        App app = ThrottleResponderApp.newApp();
        Stack stack = new Stack(app, "NoNames");
        Table unnamed = Table.Builder.create(stack, "Unnamed")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build()).build();
        ThrottleResponder.Builder.create(stack, "Responder").notificationEmails(List.of("oncall@example.com"))
                .functionCode(functionCode).build()
                .watch(unnamed, WatchOptions.builder().build());

        assertThatThrownBy(() -> Template.fromStack(stack)).hasMessageContaining("NoNames/Unnamed")
                .hasMessageContaining("give the table a tableName");
    }

    @Test
    void builder_withoutAnyoneToNotify_fails() {
        Stack stack = new Stack(ThrottleResponderApp.newApp(), "Quiet");

        assertThatThrownBy(() -> ThrottleResponder.Builder.create(stack, "Responder").functionCode(functionCode).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notificationEmails or a chatTopicArn");
    }

    @Test
    void badNameOrATableWatchedTwice_failsSynthNamingIt() {
        Stack badName = new Stack(ThrottleResponderApp.newApp(), "BadName");
        ThrottleResponder.Builder.create(badName, "Responder").notificationEmails(List.of("oncall@example.com"))
                .functionCode(functionCode).build()
                .watch("orders", WatchOptions.builder().indexes(List.of("x")).build());
        Stack twice = new Stack(ThrottleResponderApp.newApp(), "Twice");
        ThrottleResponder.Builder.create(twice, "Responder").notificationEmails(List.of("oncall@example.com"))
                .functionCode(functionCode).build()
                .watch("orders", WatchOptions.builder().build())
                .watch("orders", WatchOptions.builder().build());

        assertThatThrownBy(() -> Template.fromStack(badName)).hasMessageContaining("\"x\" (table orders) is not a DynamoDB");
        assertThatThrownBy(() -> Template.fromStack(twice)).hasMessageContaining("table orders is watched twice");
    }

    @Test
    void watch_afterTheTablesAreBuilt_fails() {
        Stack stack = new Stack(ThrottleResponderApp.newApp(), "Late");
        ThrottleResponder responder = ThrottleResponder.Builder.create(stack, "Responder")
                .notificationEmails(List.of("oncall@example.com")).functionCode(functionCode).build();
        Template.fromStack(stack);

        assertThatThrownBy(() -> responder.watch("orders", WatchOptions.builder().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already built");
    }
}
