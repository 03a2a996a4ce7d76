package io.throttleresponder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void eachAlarm_isBilledForEveryMetricItReferences_highResolutionApart_andMetricsInsightsByTheAccount() throws Exception {
        String template = """
                {"Resources": {
                  "Plain": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"MetricName": "ReadThrottleEvents", "Period": 60}},
                  "Sensor": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"MetricName": "ThrottledRequests", "Period": 10}},
                  "Math": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [
                    {"Id": "e", "Expression": "100 * m1 / m2"},
                    {"Id": "m1", "MetricStat": {"Period": 60}}, {"Id": "m2", "MetricStat": {"Period": 60}}]}},
                  "Insights": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [
                    {"Id": "q", "Expression": "SELECT SUM(ReadThrottleEvents) FROM SCHEMA(\\"AWS/DynamoDB\\", TableName) GROUP BY TableName"}]}},
                  "Topic": {"Type": "AWS::SNS::Topic"}}}
                """;

        assertThat(CostReport.of(JSON.readTree(template))).isEqualTo(new CostReport.Totals(3, 1, 1));
    }

    /**
     * The README's cost table is the report's: one provisioned table with two GSIs and watchAllTables, synthesized,
     * gives the alarm metrics per table and the account-wide alarms, which the rows multiply out.
     */
    @Test
    void theReadmesCostTable_isTheReportOfOneSynthesizedTable(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stand-in.txt"), "the function jar in tests");
        Path config = Files.writeString(dir.resolve("one.json"), """
                { "notifications": { "emails": ["oncall@example.com"] }, "watchAllTables": true,
                  "tables": [ { "name": "orders", "billingMode": "PROVISIONED", "indexes": ["by-a", "by-b"] } ] }
                """);

        CostReport.Totals totals = CostReport.of(ThrottleResponderApp.synthesizeAssembly(config, dir));

        // The table 15 (8 single-metric alarms, 2 utilization alarms of 2 metrics, latency over 3 operations), each GSI
        // 12 (8 and 2 x 2); the two dead-letter queue alarms 1 each.
        long perTable = totals.standardMetrics() - 2;
        assertThat(perTable).isEqualTo(15 + 2 * 12);
        assertThat(totals.highResolutionMetrics()).isZero();
        assertThat(totals.metricsInsightsAlarms()).isEqualTo(10 + 10);
        List<String> rows = CostReport.readmeRows(perTable, 10, 10, 2);
        assertThat(Files.readString(Path.of("..", "README.md"))).contains(rows);
    }
}
