package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.aws.ledger.DynamoDbLedger;
import io.throttleresponder.model.Pause;
import io.throttleresponder.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * docs/contracts.md's ledger table against what DynamoDbLedger writes on DynamoDB Local: every item is
 * one of its rows, every attribute is listed there, and every time has the type the page gives it.
 */
class LedgerContractOnDynamoDbLocalTest {

    private static final Path CONTRACTS = SandboxFixture.EVENTS.resolveSibling("docs").resolve("contracts.md");
    private static final Pattern ATTRIBUTE = Pattern.compile("`([a-z][A-Za-z]*)`([^`|]*)");

    /** One row of the page's table: the fixed start of its keys, its attribute names, those it calls ISO-8601 strings. */
    private record Row(String pkPrefix, String skPrefix, Set<String> attributes, Set<String> isoStrings) {
        boolean matches(Map<String, AttributeValue> item) {
            return item.get("pk").s().startsWith(pkPrefix) && item.get("sk").s().startsWith(skPrefix);
        }
    }

    @Test
    void everyItemTheLedgerWrites_isARowOfTheContract_withEveryAttributeListed_andItsTimesTyped() throws Exception {
        List<Row> rows = documentedRows();
        List<Map<String, AttributeValue>> items;
        try (SandboxFixture fixture = SandboxFixture.withDefaultPolicy()) {
            // A raise (claim, latest state, incident, capacity, Contributor Insights, history), its OK, a pause, a held lock.
            fixture.alarm("sns-write-provisioned-orders.json");
            fixture.handleBytes(fixture.stateChange("sns-write-provisioned-orders.json", "OK", Duration.ofMinutes(10)));
            DynamoDbLedger ledger = new DynamoDbLedger(fixture.sandbox.dynamoDb(), Sandbox.LEDGER_TABLE);
            ledger.pause(new Pause("oncall", fixture.sandbox.clock().instant(), "load test"));
            ledger.lockTable("orders", "owner-1", Duration.ofSeconds(60), fixture.sandbox.clock().instant());
            items = fixture.sandbox.dynamoDb().scanPaginator(r -> r.tableName(Sandbox.LEDGER_TABLE)).items().stream().toList();
        }

        assertThat(items).extracting(item -> item.get("sk").s().replaceAll("#.*", "#"))
                .contains("CLAIM", "LATEST", "LOCK", "INCIDENT#", "CAPACITY#", "INSIGHTS#", "PAUSE");
        for (Map<String, AttributeValue> item : items) {
            Optional<Row> row = rows.stream().filter(r -> r.matches(item))
                    .max(Comparator.comparingInt((Row r) -> r.pkPrefix().length()).thenComparingInt(r -> r.skPrefix().length()));
            assertThat(row).as("a row of docs/contracts.md for %s / %s", item.get("pk").s(), item.get("sk").s()).isPresent();
            for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
                String name = attribute.getKey();
                if (name.equals("pk") || name.equals("sk")) {
                    continue;
                }
                assertThat(row.get().attributes()).as("docs/contracts.md lists %s of %s", name, item.get("sk").s()).contains(name);
                if (row.get().isoStrings().contains(name)) {
                    assertThat(attribute.getValue().s()).as("%s is an ISO-8601 string", name).isNotNull();
                } else if (name.endsWith("At") || name.endsWith("Until") || name.equals("latest") || name.equals("at")) {
                    assertThat(attribute.getValue().n()).as("%s is a number, as the page says of times", name).isNotNull();
                }
            }
        }
    }

    /** The rows of the "Ledger table" section; "as above" repeats the row before. */
    private static List<Row> documentedRows() throws Exception {
        String page = Files.readString(CONTRACTS);
        String section = page.substring(page.indexOf("## Ledger table"), page.indexOf("With the AWS CLI"));
        List<Row> rows = new ArrayList<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.replace("\\|", "/").split("\\|");
            String attributes = cells[3].trim();
            Row previous = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            Set<String> names = new HashSet<>();
            Set<String> iso = new HashSet<>();
            Matcher matcher = ATTRIBUTE.matcher(attributes);
            while (matcher.find()) {
                names.add(matcher.group(1));
                if (matcher.group(2).contains("ISO-8601")) {
                    iso.add(matcher.group(1));
                }
            }
            rows.add(attributes.equals("as above") && previous != null
                    ? new Row(fixedStart(cells[1]), fixedStart(cells[2]), previous.attributes(), previous.isoStrings())
                    : new Row(fixedStart(cells[1]), fixedStart(cells[2]), names, iso));
        }
        assertThat(rows).as("the ledger rows of docs/contracts.md").hasSizeGreaterThanOrEqualTo(9);
        return rows;
    }

    /** "`TABLE#<table>`" -> "TABLE#": the key's text before its first placeholder. */
    private static String fixedStart(String cell) {
        String key = cell.trim().replaceAll("^`([^`]*)`.*", "$1");
        int placeholder = key.indexOf('<');
        return placeholder < 0 ? key : key.substring(0, placeholder);
    }
}
