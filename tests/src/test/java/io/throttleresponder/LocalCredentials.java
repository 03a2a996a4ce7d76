package io.throttleresponder;

/**
 * Credentials for the SDK's default chain while a test runs, as the system properties it reads first;
 * DynamoDB Local takes any. Closing puts back what was there.
 */
final class LocalCredentials implements AutoCloseable {

    private static final String ACCESS_KEY = "aws.accessKeyId";
    private static final String SECRET_KEY = "aws.secretAccessKey";

    private final String accessKey = System.getProperty(ACCESS_KEY);
    private final String secretKey = System.getProperty(SECRET_KEY);

    private LocalCredentials() {
        System.setProperty(ACCESS_KEY, "local");
        System.setProperty(SECRET_KEY, "local");
    }

    static LocalCredentials set() {
        return new LocalCredentials();
    }

    @Override
    public void close() {
        restore(ACCESS_KEY, accessKey);
        restore(SECRET_KEY, secretKey);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
