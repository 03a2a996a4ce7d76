package io.throttleresponder.contract;

import java.util.regex.Pattern;

/**
 * DynamoDB's rule for table and index names: 3 to 255 of a-z A-Z 0-9 _ . -
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html">Naming rules</a>
 */
public final class DynamoDbNames {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private DynamoDbNames() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
