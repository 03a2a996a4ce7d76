package io.throttleresponder.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A table or one of its global secondary indexes, named as Application Auto Scaling names them. */
public record ResourceId(String table, String index) {

    private static final Pattern TEXT = Pattern.compile("table/([^/]+)(?:/index/([^/]+))?");

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
