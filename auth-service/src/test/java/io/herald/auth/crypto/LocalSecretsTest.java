package io.herald.auth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.common.crypto.LocalSecrets;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Common's {@link LocalSecrets} as auth-service configures it for its signing key, encryption keys and secret. */
class LocalSecretsTest {
  @TempDir
  Path dir;

  @Test
  void productionRefusesToStartWithoutTheSecretAndNamesTheVariable() throws Exception {
    var secrets = secrets(authServiceConfig("prod"));
    assertThatThrownBy(() -> secrets.resolve(Optional.empty(), "HERALD_SERVICE_CLIENT_SECRET", "s", () -> "x"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("HERALD_SERVICE_CLIENT_SECRET");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void devAndTestGenerate() throws Exception {
    assertThat(authServiceConfig("dev").generate()).isTrue();
    assertThat(authServiceConfig("test").generate()).isTrue();
  }

  @Test
  void aConfiguredValueWins() throws Exception {
    var secrets = secrets(settings(true));
    assertThat(secrets.resolve(Optional.of("configured"), "ENV", "s", () -> "generated")).isEqualTo("configured");
  }

  @Test
  void devGeneratesOnceAndKeepsTheValueAcrossRestarts() throws Exception {
    String first = secrets(settings(true)).resolve(Optional.empty(), "ENV", "secret", () -> "gen-1");
    String second = secrets(settings(true)).resolve(Optional.empty(), "ENV", "secret", () -> "gen-2");
    assertThat(first).isEqualTo("gen-1");
    assertThat(second).isEqualTo("gen-1");
    assertThat(Files.getPosixFilePermissions(dir.resolve("secret")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }

  /** herald.local-secrets.* as auth-service's application.properties sets it for {@code profile}. */
  private LocalSecrets.Config authServiceConfig(String profile) throws Exception {
    var config = new SmallRyeConfigBuilder().withProfile(profile)
        .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
        .withDefaultValue("herald.local-secrets.dir", dir.toString())
        .withMapping(LocalSecrets.Config.class).build();
    return config.getConfigMapping(LocalSecrets.Config.class);
  }

  /** A bean outside CDI: common's constructor is package-private. */
  private static LocalSecrets secrets(LocalSecrets.Config config) throws Exception {
    var constructor = LocalSecrets.class.getDeclaredConstructor(LocalSecrets.Config.class);
    constructor.setAccessible(true);
    return constructor.newInstance(config);
  }

  private LocalSecrets.Config settings(boolean generate) {
    return new LocalSecrets.Config() {
      @Override
      public boolean generate() {
        return generate;
      }

      @Override
      public Path dir() {
        return dir;
      }
    };
  }
}
