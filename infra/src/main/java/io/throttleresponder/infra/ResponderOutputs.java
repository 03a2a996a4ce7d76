package io.throttleresponder.infra;

import io.throttleresponder.infra.functions.ResponderFunctions;
import io.throttleresponder.infra.functions.ResponderLedger;
import io.throttleresponder.infra.functions.ResponderQueues;
import io.throttleresponder.infra.messaging.ResponderTopics;
import software.amazon.awscdk.CfnOutput;
import software.constructs.Construct;

/** The stack outputs the operator CLI and docs/deploy.md read: the topics, functions, ledger and queues. */
final class ResponderOutputs {

    private ResponderOutputs() {}

    static void add(Construct scope, ResponderTopics topics, ResponderLedger ledger, ResponderQueues queues,
                    ResponderFunctions functions) {
        CfnOutput.Builder.create(scope, "AlarmTopicArn").value(topics.alarmTopic().getTopicArn()).build();
        CfnOutput.Builder.create(scope, "NotificationsTopicArn").value(topics.notificationsTopic().getTopicArn()).build();
        CfnOutput.Builder.create(scope, "ResponderFunctionName").value(functions.alarmHandler().function().getFunctionName()).build();
        CfnOutput.Builder.create(scope, "ResponderAliasArn").value(functions.alarmHandler().alias().getFunctionArn()).build();
        CfnOutput.Builder.create(scope, "LedgerTableName").value(ledger.table().getTableName()).build();
        CfnOutput.Builder.create(scope, "DeadLetterQueueUrl").value(queues.deadLetterQueue().getQueueUrl()).build();
        CfnOutput.Builder.create(scope, "FollowUpFunctionName").value(functions.followUpHandler().function().getFunctionName()).build();
        CfnOutput.Builder.create(scope, "FollowUpQueueUrl").value(queues.followUpQueue().getQueueUrl()).build();
        CfnOutput.Builder.create(scope, "FollowUpDeadLetterQueueUrl").value(queues.followUpDeadLetterQueue().getQueueUrl()).build();
    }
}
