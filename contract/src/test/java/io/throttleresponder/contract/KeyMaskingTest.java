package io.throttleresponder.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyMaskingTest {

    @Test
    void mask_isKeyHashPrefixOfFirst12HexCharsOfSha256() {
        // printf 'user#42' | sha256sum -> 8d5edb3506904b13...
        assertThat(KeyMasking.mask("user#42")).isEqualTo("key#8d5edb350690");
    }

    @Test
    void mask_hashesUtf8Bytes() {
        // printf 'ü' | sha256sum (UTF-8 c3 bc) -> 607474ca475a...
        assertThat(KeyMasking.mask("ü")).isEqualTo("key#607474ca475a");
    }

    @Test
    void mask_sameKeyTwice_sameLabel() {
        assertThat(KeyMasking.mask("alice@example.com")).isEqualTo(KeyMasking.mask(new String("alice@example.com")));
    }

    @Test
    void mask_differentKeys_differentLabels() {
        assertThat(KeyMasking.mask("user#42")).isNotEqualTo(KeyMasking.mask("user#43"))
                .isNotEqualTo(KeyMasking.mask("User#42"));
    }

    @Test
    void mask_neverContainsTheKey() {
        String label = KeyMasking.mask("alice@example.com");

        assertThat(label).matches("key#[0-9a-f]{12}").doesNotContain("alice");
    }

    @Test
    void mask_null_isRejected() {
        assertThatThrownBy(() -> KeyMasking.mask(null)).isInstanceOf(NullPointerException.class);
    }
}
