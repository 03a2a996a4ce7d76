package io.throttleresponder.bench;

/**
 * The floor of any cold start here: a JVM with the Lambda runtime's options that loads nothing but
 * this class. Prints the milliseconds from the launcher's clock before it started the process
 * ({@code args[0]}) to this main.
 */
public final class JvmFloor {

    private JvmFloor() {}

    public static void main(String[] args) {
        System.out.println(System.currentTimeMillis() - Long.parseLong(args[0]));
    }
}
