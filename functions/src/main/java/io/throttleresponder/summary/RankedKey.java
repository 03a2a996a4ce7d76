package io.throttleresponder.summary;

/** One hot key: its value over the window and its share of the rule's total (0..1). */
public record RankedKey(String key, double value, double share) {}
