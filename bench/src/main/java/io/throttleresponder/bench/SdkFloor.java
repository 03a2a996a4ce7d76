package io.throttleresponder.bench;

import io.throttleresponder.aws.AwsClients;
import java.lang.management.ManagementFactory;
import java.net.URI;

/**
 * The classes the AWS SDK alone loads before the functions' own code does anything: the six clients
 * built as {@link AwsClients#create} builds them for the function, and one DynamoDB call
 * (DescribeLimits) over loopback. Prints the loaded class count, then the milliseconds from the
 * launcher's clock before it started this JVM ({@code args[1]}) to the call answered; {@code args[0]} is
 * the endpoint.
 */
public final class SdkFloor {

    private SdkFloor() {}

    public static void main(String[] args) {
        AwsClients clients = AwsClients.create("us-east-1", URI.create(args[0]));
        clients.cloudWatch();
        clients.cloudWatchLogs();
        clients.sns();
        clients.sqs();
        clients.applicationAutoScaling();
        clients.dynamoDb().describeLimits();
        long doneAtMillis = System.currentTimeMillis();
        System.out.println(ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() + " "
                + (doneAtMillis - Long.parseLong(args[1])));
    }
}
