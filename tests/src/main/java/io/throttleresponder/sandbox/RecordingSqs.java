package io.throttleresponder.sandbox;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** An SQS queue in memory that keeps what was sent, with its delay. */
public final class RecordingSqs implements SqsClient {

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
        sent.add(request);
        return SendMessageResponse.builder().messageId(UUID.randomUUID().toString()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {}
}
