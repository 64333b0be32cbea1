package io.herald.auth.crypto;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.config.LocalSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds the {@link TokenCipher} from {@code herald.crypto.*} (generated locally in dev/test). */
@ApplicationScoped
public class CipherProducer {

  @Produces
  @ApplicationScoped
  TokenCipher tokenCipher(AuthConfig config, LocalSecrets local) {
    List<String> entries = config.crypto().keys().filter(list -> !list.isEmpty())
        .orElseGet(() -> Arrays.asList(local.resolve(Optional.empty(), "HERALD_CRYPTO_KEYS", "crypto-keys",
            () -> TokenCipher.generateKeyEntry("local-1")).split(",")));
    var keys = TokenCipher.parseKeys(entries);
    String active = config.crypto().activeKey().orElseGet(() -> List.copyOf(keys.keySet()).getLast());
    return new TokenCipher(keys, active);
  }
}
