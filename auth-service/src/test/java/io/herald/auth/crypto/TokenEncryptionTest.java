package io.herald.auth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.common.crypto.SecretCipher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Platform tokens at rest, sealed by common's {@link SecretCipher} as auth-service's own cipher sealed them. */
class TokenEncryptionTest {
  private static final String OLD = SecretCipher.generateKeyEntry("k1");
  private static final String NEW = SecretCipher.generateKeyEntry("k2");

  @Test
  void aTokenSealedBeforeTheMoveToCommonStillDecrypts() {
    // Written by auth-service's former crypto.TokenCipher (same format and associated data) under this key.
    var cipher = SecretCipher.of(List.of("local-1:DcCA0L3DVgQe3vl0q0RwoiGBXGKp8+9BnQa4HvEIxyc="), "local-1");
    String stored = "local-1:OifgI+ujJQTApalrGZxaT1SHOMOi9UvMXQ+Wu7iVFD9EP/mRt47vSAY3MAmPEwdk4nf05lsY";
    String context = "social_account:5b7f3c1e-2f4a-4d8e-9c61-0a1b2c3d4e5f:access_token";

    assertThat(cipher.decrypt(stored, context)).isEqualTo("act.sealed-before-the-move");
    assertThatThrownBy(() -> cipher.decrypt(stored, context.replace("access", "refresh")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void roundTripsAndNeverShowsThePlaintext() {
    var cipher = new SecretCipher(SecretCipher.parseKeys(List.of(OLD)), "k1");
    String stored = cipher.encrypt("act.secret-token", "social_account:1:access_token");
    assertThat(stored).startsWith("k1:").doesNotContain("secret");
    assertThat(cipher.decrypt(stored, "social_account:1:access_token")).isEqualTo("act.secret-token");
  }

  @Test
  void eachValueGetsItsOwnNonce() {
    var cipher = new SecretCipher(SecretCipher.parseKeys(List.of(OLD)), "k1");
    assertThat(cipher.encrypt("same", "ctx")).isNotEqualTo(cipher.encrypt("same", "ctx"));
  }

  @Test
  void oldKeyIdsStillDecryptAfterANewKeyIsAdded() {
    var before = new SecretCipher(SecretCipher.parseKeys(List.of(OLD)), "k1");
    String written = before.encrypt("page-token", "ctx");
    var after = new SecretCipher(SecretCipher.parseKeys(List.of(OLD, NEW)), "k2");
    assertThat(after.decrypt(written, "ctx")).isEqualTo("page-token");
    assertThat(after.encrypt("page-token", "ctx")).startsWith("k2:");
  }

  @Test
  void aValueMovedToAnotherRowOrAMissingKeyDoesNotDecrypt() {
    var cipher = new SecretCipher(SecretCipher.parseKeys(List.of(OLD, NEW)), "k2");
    String stored = cipher.encrypt("token", "social_account:1:access_token");
    assertThatThrownBy(() -> cipher.decrypt(stored, "social_account:2:access_token"))
        .isInstanceOf(IllegalStateException.class);
    var withoutNew = new SecretCipher(SecretCipher.parseKeys(List.of(OLD)), "k1");
    assertThatThrownBy(() -> withoutNew.decrypt(stored, "social_account:1:access_token"))
        .hasMessageContaining("k2");
  }

  @Test
  void refusesBadKeyConfiguration() {
    assertThatThrownBy(() -> SecretCipher.parseKeys(List.of("nokid"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretCipher.parseKeys(List.of("k:AAAA"))).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new SecretCipher(SecretCipher.parseKeys(List.of(OLD)), "k9"))
        .hasMessageContaining("k9");
  }
}
