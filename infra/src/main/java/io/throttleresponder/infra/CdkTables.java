package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.dynamodb.CfnGlobalTable;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.ITable;

/**
 * What a CDK {@code Table} or {@code TableV2} says of itself, read from its CloudFormation resource
 * when the app is synthesized (its GSIs are only known then); an imported table says only its name.
 */
final class CdkTables {

    private CdkTables() {}

    static String name(ITable table) {
        String name = table.getTableName();
        if (!Token.isUnresolved(name)) {
            return name;
        }
        Object resource = table.getNode().getDefaultChild();
        String declared = resource instanceof CfnTable cfn ? cfn.getTableName()
                : resource instanceof CfnGlobalTable cfn ? cfn.getTableName() : null;
        if (declared != null && !Token.isUnresolved(declared)) {
            return declared;
        }
        throw new IllegalArgumentException("ThrottleResponder.watch(" + table.getNode().getPath() + "): the table's name"
                + " is only known once deployed; give the table a tableName, or watch it by name");
    }

    static BillingMode billingMode(ITable table) {
        Object resource = table.getNode().getDefaultChild();
        String mode = resource instanceof CfnTable cfn ? cfn.getBillingMode()
                : resource instanceof CfnGlobalTable cfn ? cfn.getBillingMode() : null;
        // CloudFormation's default for a table without BillingMode is PROVISIONED.
        return "PAY_PER_REQUEST".equals(mode) ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
    }

    static List<String> indexes(ITable table) {
        Object resource = table.getNode().getDefaultChild();
        Object declared = resource instanceof CfnTable cfn ? cfn.getGlobalSecondaryIndexes()
                : resource instanceof CfnGlobalTable cfn ? cfn.getGlobalSecondaryIndexes() : null;
        List<String> names = new ArrayList<>();
        if (declared != null && Stack.of(table).resolve(declared) instanceof List<?> list) {
            list.forEach(index -> {
                // The resource's own properties (indexName), not yet rendered for CloudFormation (IndexName).
                if (index instanceof Map<?, ?> properties && properties.get("indexName") instanceof String name) {
                    names.add(name);
                }
            });
        }
        return names;
    }
}
