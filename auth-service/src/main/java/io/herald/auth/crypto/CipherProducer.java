package io.herald.auth.crypto;

import io.herald.auth.config.AuthConfig;
import io.herald.common.crypto.LocalSecrets;
import io.herald.common.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds the {@link SecretCipher} of platform tokens from {@code herald.crypto.*} (generated locally in dev/test). */
@ApplicationScoped
public class CipherProducer {

  @Produces
  @Singleton
  SecretCipher tokenCipher(AuthConfig.Crypto config, LocalSecrets local) {
    List<String> entries = config.keys().filter(list -> !list.isEmpty())
        .orElseGet(() -> Arrays.asList(local.resolve(Optional.empty(), "HERALD_CRYPTO_KEYS", "crypto-keys",
            () -> SecretCipher.generateKeyEntry("local-1")).split(",")));
    var keys = SecretCipher.parseKeys(entries);
    return new SecretCipher(keys, config.activeKey().orElseGet(() -> List.copyOf(keys.keySet()).getLast()));
  }
}
