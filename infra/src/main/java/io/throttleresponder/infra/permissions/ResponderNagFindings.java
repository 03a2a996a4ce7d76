package io.throttleresponder.infra.permissions;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.iam.Role;

/**
 * Why each wildcard the roles hold is as narrow as AWS allows: cdk-nag's AwsSolutions-IAM5 findings on the two
 * roles and their policies, answered with the reason next to what {@link ResponderPermissions} grants.
 */
public final class ResponderNagFindings {

    private ResponderNagFindings() {}

    /** Once every statement is on the roles: the suppressions reach the policies that exist by then. */
    public static void suppressJustifiedFindings(String deploymentName, Role alarmHandlerRole, Role followUpHandlerRole) {
        List<NagPackSuppression> responseWildcards = List.of(
                wildcardResource("Resource::*",
                        "Actions AWS allows on no narrower resource: dynamodb:DescribeLimits, cloudwatch:GetMetricData,"
                                + " application-autoscaling:DescribeScalableTargets and DescribeScalingPolicies, xray:PutTraceSegments and"
                                + " xray:PutTelemetryRecords (the last two added by active tracing), and with the sensor's log"
                                + " groups logs:StopQuery, which takes the ID of a query the role started."),
                wildcardResource(RegexAppliesTo.builder().regex("/^Resource::arn:.*:logs:.*:log-group:.*:\\*$/g").build(),
                        "The log streams of a log group the sensor configuration names, as Logs Insights reads them."),
                wildcardResource(RegexAppliesTo.builder().regex("/^Resource::arn:.*:dynamodb:.*:table\\/[^/]+\\/index\\/\\*$/g").build(),
                        "The GSIs of a watched table: the responder acts on the index named in the alarm's dimensions."),
                wildcardResource("Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:insight-rule/DynamoDBContributorInsights-*",
                        "DynamoDB names its Contributor Insights rules DynamoDBContributorInsights-<kind>-<table>-<timestamp>;"
                                + " the timestamp is only known at run time."),
                wildcardResource("Resource::arn:<AWS::Partition>:application-autoscaling:<AWS::Region>:<AWS::AccountId>:scalable-target/*",
                        "A scalable target's ARN ends in an ID Application Auto Scaling generates, not the table name;"
                                + " the statement's conditions allow only DynamoDB's namespace and capacity dimensions."),
                wildcardResource("Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/*",
                        "watchAllTables: reads on every table of the account; writes only on tables carrying the opt-in"
                                + " tag, by the aws:ResourceTag condition of the OptedInTablesWrite statement."),
                wildcardResource("Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/*/index/*",
                        "watchAllTables: the GSIs of every table, on the same terms as the tables."));
        NagSuppressions.addResourceSuppressions(alarmHandlerRole, concat(responseWildcards,
                wildcardResource("Resource::arn:<AWS::Partition>:iam::*:role/aws-service-role/"
                                + ResponderPermissions.CONTRIBUTOR_INSIGHTS_SERVICE + "/AWSServiceRoleForDynamoDBContributorInsights",
                        "Service-linked role ARNs are matched without an account; the action is further limited by"
                                + " iam:AWSServiceName to the Contributor Insights service.")),
                true);
        NagSuppressions.addResourceSuppressions(followUpHandlerRole, concat(responseWildcards,
                wildcardResource("Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:"
                                + deploymentName + "-*",
                        "Read-only, and only on alarms named like this deployment's (<deploymentName>-...); the"
                                + " follow-up handler reads the state of the one alarm its message names.")),
                true);
    }

    private static List<NagPackSuppression> concat(List<NagPackSuppression> shared, NagPackSuppression own) {
        List<NagPackSuppression> all = new ArrayList<>(shared);
        all.add(own);
        return all;
    }

    private static NagPackSuppression wildcardResource(Object appliesTo, String reason) {
        return NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.of(appliesTo)).reason(reason).build();
    }
}
