package io.herald.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  static final String K1 = SecretCipher.generateKeyEntry("k1");
  static final String K2 = SecretCipher.generateKeyEntry("k2");

  @Test
  void aSecretDecryptsOnlyWhereItIsStored() {
    SecretCipher cipher = SecretCipher.of(List.of(K1), "k1");
    String sealed = cipher.encrypt("whsec_123", "webhooks.secret:a");

    assertThat(sealed).startsWith("k1:").doesNotContain("whsec_123");
    assertThat(cipher.decrypt(sealed, "webhooks.secret:a")).isEqualTo("whsec_123");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "webhooks.secret:b")).isInstanceOf(IllegalStateException.class);
    assertThat(cipher.encrypt("whsec_123", "webhooks.secret:a")).isNotEqualTo(sealed);
  }

  @Test
  void keysRotateByAddingANewActiveKeyWhileOldValuesStillDecrypt() {
    String old = SecretCipher.of(List.of(K1), "k1").encrypt("token", "ctx");
    SecretCipher rotated = SecretCipher.of(List.of(K1, K2), "k2");

    assertThat(rotated.decrypt(old, "ctx")).isEqualTo("token");
    assertThat(rotated.needsRotation(old)).isTrue();
    assertThat(rotated.needsRotation(rotated.encrypt("token", "ctx"))).isFalse();
    assertThatThrownBy(() -> SecretCipher.of(List.of(K2), "k2").decrypt(old, "ctx"))
        .hasMessageContaining("'k1'").hasMessageContaining("no longer configured");
  }

  @Test
  void badKeysAreRefusedWithoutShowingThem() {
    assertThatThrownBy(() -> SecretCipher.of(List.of("k1:c2hvcnQ="), "k1")).hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> SecretCipher.of(List.of("nokey"), "k1")).hasMessageContaining("kid:base64");
    assertThatThrownBy(() -> SecretCipher.of(List.of(K1), "k9")).hasMessageContaining("'k9'");
  }
}
