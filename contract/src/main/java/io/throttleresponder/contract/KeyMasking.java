package io.throttleresponder.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Replaces key values, which can be personal data, by a stable label: the same key gives the same
 * label in every summary, so on-call can follow it across messages, and the label does not contain
 * the key. It is an unsalted hash: a key from a small, guessable space (a short numeric id) can be
 * found again by hashing candidates, so masking hides keys from readers, not from a determined
 * attacker who can enumerate them.
 */
public final class KeyMasking {

    /** Prefix of every masked label. */
    public static final String PREFIX = "key#";
    /** 12 hex characters = 48 bits: collisions are negligible among the few keys of one summary. */
    static final int HEX_CHARS = 12;

    private KeyMasking() {}

    /** {@code "key#"} + the first 12 hex characters of the SHA-256 of the key's UTF-8 bytes. */
    public static String mask(String key) {
        Objects.requireNonNull(key, "key");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
