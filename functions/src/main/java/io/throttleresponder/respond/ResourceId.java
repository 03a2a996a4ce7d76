package io.throttleresponder.respond;

/** A table or one of its global secondary indexes, named as Application Auto Scaling names them. */
public record ResourceId(String table, String index) {

    public static ResourceId table(String table) {
        return new ResourceId(table, null);
    }

    public boolean isIndex() {
        return index != null;
    }

    @Override
    public String toString() {
        return isIndex() ? "table/" + table + "/index/" + index : "table/" + table;
    }
}
