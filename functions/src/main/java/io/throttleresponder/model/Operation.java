package io.throttleresponder.model;

/** The throttled dimension: reads consume RCU, writes WCU. */
public enum Operation {
    READ,
    WRITE;

    public String capitalized() {
        return this == READ ? "Read" : "Write";
    }
}
