package io.throttleresponder.aws;

import io.throttleresponder.act.ActionFailedException;
import io.throttleresponder.act.ResourceBusyException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns the SDK's failures of a write into what the responder decides on: wait, or report why it failed. */
final class AwsFailures {

    private static final Pattern DENIED_ACTION = Pattern.compile("not authorized to perform: (\\S+)");

    private AwsFailures() {}

    static void call(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            switch (code == null ? "" : code) {
                case "ResourceInUseException" -> throw new ResourceBusyException(what + ": the table is being updated");
                case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation" -> throw new ActionFailedException(
                        what + ": missing permission " + deniedAction(e) + " (" + code + ")", e);
                case "LimitExceededException" -> throw new ActionFailedException(
                        what + ": a DynamoDB limit is exceeded (LimitExceededException): " + message(e), e);
                case "ResourceNotFoundException", "ObjectNotFoundException" -> throw new ActionFailedException(
                        what + ": the resource no longer exists (" + code + ")", e);
                case "ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
                     "TooManyRequestsException" -> throw new ActionFailedException(
                        what + ": throttled by AWS after the SDK's retries (" + code + ")", e);
                default -> throw new ActionFailedException(what + ": " + (code.isEmpty() ? "" : code + ": ") + message(e), e);
            }
        } catch (SdkClientException e) {
            throw new ActionFailedException(what + ": no answer from AWS: " + e.getMessage(), e);
        }
    }

    /** AWS names the denied action in the message ("...is not authorized to perform: dynamodb:UpdateTable on..."). */
    static String deniedAction(AwsServiceException e) {
        Matcher matcher = DENIED_ACTION.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? matcher.group(1) : "(not named by AWS)";
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }
}
