package io.throttleresponder.respond;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A table or one of its global secondary indexes, named as Application Auto Scaling names them. */
public record ResourceId(String table, String index) {

    private static final Pattern TEXT = Pattern.compile("table/([^/]+)(?:/index/([^/]+))?");
    /** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    /** Whether DynamoDB accepts {@code name} as a table name: 3 to 255 of a-z A-Z 0-9 _ . - */
    public static boolean isTableName(String name) {
        return name != null && TABLE_NAME.matcher(name).matches();
    }

    public static ResourceId table(String table) {
        return new ResourceId(table, null);
    }

    /** The inverse of {@link #toString()}: "table/NAME" or "table/NAME/index/INDEX". */
    public static ResourceId parse(String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a resource (table/NAME or table/NAME/index/INDEX)");
        }
        return new ResourceId(matcher.group(1), matcher.group(2));
    }

    public boolean isIndex() {
        return index != null;
    }

    @Override
    public String toString() {
        return isIndex() ? "table/" + table + "/index/" + index : "table/" + table;
    }
}
