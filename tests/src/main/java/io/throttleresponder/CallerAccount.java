package io.throttleresponder;

import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.ops.AwsConnection;
import io.throttleresponder.wiring.ConfigurationException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The account a run with --aws answers for when neither --account nor RESPONDER_ACCOUNT_ID names it:
 * the one the credentials belong to, as STS GetCallerIdentity tells it. The call needs no permission
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 */
final class CallerAccount {

    private CallerAccount() {}

    /** STS reached as the responder's own clients reach their services: same Region, credentials and endpoint. */
    static StsClient sts(AwsClients clients) {
        return clients.configure(StsClient.builder()).build();
    }

    static String of(StsClient sts) {
        try {
            return sts.getCallerIdentity().account();
        } catch (SdkException e) {
            throw new ConfigurationException("--aws: cannot tell the credentials' account (STS GetCallerIdentity: "
                    + AwsConnection.explain(e) + "); pass --account ID or set RESPONDER_ACCOUNT_ID");
        }
    }
}
