package io.throttleresponder.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** An SQS queue in memory that refuses a message SQS would refuse, and keeps the rest with their delay. */
// The rules: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
public final class RecordingSqs implements SqsClient {

    private static final int MAX_DELAY_SECONDS = 900;
    private static final int MAX_BODY_BYTES = 1_048_576;

    private final Faults faults;
    private final List<SendMessageRequest> sent = new CopyOnWriteArrayList<>();

    public RecordingSqs(Faults faults) {
        this.faults = faults;
    }

    public List<SendMessageRequest> sent() {
        return List.copyOf(sent);
    }

    /** Takes every message sent so far off the queue, as a consumer receiving them would. */
    public synchronized List<SendMessageRequest> drain() {
        List<SendMessageRequest> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    @Override
    public synchronized SendMessageResponse sendMessage(SendMessageRequest request) {
        faults.check("SendMessage", null);
        validate(request);
        sent.add(request);
        return SendMessageResponse.builder().messageId(UUID.randomUUID().toString()).build();
    }

    private static void validate(SendMessageRequest request) {
        if (request.queueUrl() == null || request.queueUrl().isEmpty()) {
            throw error("MissingParameter", "The request must contain the parameter QueueUrl.");
        }
        if (request.messageBody() == null || request.messageBody().isEmpty()) {
            throw error("MissingParameter", "The request must contain the parameter MessageBody.");
        }
        Integer delay = request.delaySeconds();
        if (delay != null && (delay < 0 || delay > MAX_DELAY_SECONDS)) {
            throw error("InvalidParameterValue", "Value " + delay + " for parameter DelaySeconds is invalid. Reason: must be"
                    + " between 0 and " + MAX_DELAY_SECONDS + ", if provided.");
        }
        if (request.messageBody().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw error("InvalidParameterValue", "One or more parameters are invalid. Reason: Message must be shorter than "
                    + MAX_BODY_BYTES + " bytes.");
        }
    }

    /** The SDK has no class for these error codes: it throws them as an SqsException that carries the code. */
    private static SqsException error(String code, String message) {
        return (SqsException) SqsException.builder().message(message).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Sqs").errorCode(code).errorMessage(message).build())
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
