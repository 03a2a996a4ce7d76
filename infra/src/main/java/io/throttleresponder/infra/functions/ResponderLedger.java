package io.throttleresponder.infra.functions;

import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The segment of the ledger (id Ledger in the given scope): the table where the functions record what they did
 * and what they must undo, keyed by pk and sk (docs/contracts.md), on demand, with point-in-time recovery and its
 * items expiring at their expiresAt. It takes no props: nothing about it depends on the deployment.
 */
public final class ResponderLedger {

    private final Table table;

    public ResponderLedger(Construct scope) {
        table = Table.Builder.create(scope, "Ledger")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiresAt")
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .build();
    }

    public Table table() {
        return table;
    }
}
