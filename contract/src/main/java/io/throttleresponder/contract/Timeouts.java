package io.throttleresponder.contract;

import java.time.Duration;

/**
 * The functions' timeouts, which infra sets, and the leases the functions take in the ledger, which
 * must outlast them: a claim that expired while its invocation still ran would let Lambda's retry act
 * a second time.
 */
public final class Timeouts {

    /**
     * A response is a handful of AWS calls (GetMetricData, DescribeTable, UpdateTable, PutItem, Publish),
     * each retried by the SDK; 60 s bounds a slow one well inside the two-minute promise while leaving
     * room for retries.
     */
    public static final Duration ALARM_HANDLER = Duration.ofSeconds(60);
    /** A response's claim of its alarm state change. */
    public static final Duration ALARM_CLAIM_LEASE = Duration.ofSeconds(90);
    /**
     * Up to a batch of follow-ups per invocation, each as many calls as a response; GetInsightRuleReport's
     * low request quota makes SDK retries likelier here. Nothing waits on a follow-up, so the margin is generous.
     */
    public static final Duration FOLLOW_UP_HANDLER = Duration.ofSeconds(120);
    /** A follow-up's claim of its delivery. */
    public static final Duration FOLLOW_UP_CLAIM_LEASE = Duration.ofMinutes(3);
    /**
     * The follow-up queue's visibility timeout: Lambda's guidance for SQS event sources is at least six times
     * the function's timeout, which leaves the poller time to retry a throttled invocation.
     */
    public static final Duration FOLLOW_UP_VISIBILITY = FOLLOW_UP_HANDLER.multipliedBy(6);
    /**
     * A follow-up that fails this often will not succeed by itself; it waits in the dead-letter queue for a person.
     * Lambda's guidance for a queue it polls is a maxReceiveCount of at least 5, so that a message received while the
     * function was throttled is not set aside before it ran
     * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
     */
    public static final int FOLLOW_UP_MAX_RECEIVES = 5;

    private Timeouts() {}
}
