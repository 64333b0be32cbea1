package io.herald.auth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
  private static final String OLD = TokenCipher.generateKeyEntry("k1");
  private static final String NEW = TokenCipher.generateKeyEntry("k2");

  @Test
  void roundTripsAndNeverShowsThePlaintext() {
    var cipher = new TokenCipher(TokenCipher.parseKeys(List.of(OLD)), "k1");
    String stored = cipher.encrypt("act.secret-token", "social_account:1:access_token");
    assertThat(stored).startsWith("k1:").doesNotContain("secret");
    assertThat(cipher.decrypt(stored, "social_account:1:access_token")).isEqualTo("act.secret-token");
  }

  @Test
  void eachValueGetsItsOwnNonce() {
    var cipher = new TokenCipher(TokenCipher.parseKeys(List.of(OLD)), "k1");
    assertThat(cipher.encrypt("same", "ctx")).isNotEqualTo(cipher.encrypt("same", "ctx"));
  }

  @Test
  void oldKeyIdsStillDecryptAfterANewKeyIsAdded() {
    var before = new TokenCipher(TokenCipher.parseKeys(List.of(OLD)), "k1");
    String written = before.encrypt("page-token", "ctx");
    var after = new TokenCipher(TokenCipher.parseKeys(List.of(OLD, NEW)), "k2");
    assertThat(after.decrypt(written, "ctx")).isEqualTo("page-token");
    assertThat(after.encrypt("page-token", "ctx")).startsWith("k2:");
  }

  @Test
  void aValueMovedToAnotherRowOrAMissingKeyDoesNotDecrypt() {
    var cipher = new TokenCipher(TokenCipher.parseKeys(List.of(OLD, NEW)), "k2");
    String stored = cipher.encrypt("token", "social_account:1:access_token");
    assertThatThrownBy(() -> cipher.decrypt(stored, "social_account:2:access_token"))
        .isInstanceOf(IllegalStateException.class);
    var withoutNew = new TokenCipher(TokenCipher.parseKeys(List.of(OLD)), "k1");
    assertThatThrownBy(() -> withoutNew.decrypt(stored, "social_account:1:access_token"))
        .hasMessageContaining("k2");
  }

  @Test
  void refusesBadKeyConfiguration() {
    assertThatThrownBy(() -> TokenCipher.parseKeys(List.of("nokid"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenCipher.parseKeys(List.of("k:AAAA"))).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new TokenCipher(TokenCipher.parseKeys(List.of(OLD)), "k9"))
        .hasMessageContaining("k9");
  }
}
