package io.herald.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {
  @TempDir
  Path dir;

  @Test
  void productionRefusesToStartWithoutTheSecretAndNamesTheVariable() {
    var secrets = new LocalSecrets(settings(false));
    assertThatThrownBy(() -> secrets.resolve(Optional.empty(), "HERALD_SERVICE_CLIENT_SECRET", "s", () -> "x"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("HERALD_SERVICE_CLIENT_SECRET");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aConfiguredValueWins() {
    var secrets = new LocalSecrets(settings(true));
    assertThat(secrets.resolve(Optional.of("configured"), "ENV", "s", () -> "generated")).isEqualTo("configured");
  }

  @Test
  void devGeneratesOnceAndKeepsTheValueAcrossRestarts() throws Exception {
    String first = new LocalSecrets(settings(true)).resolve(Optional.empty(), "ENV", "secret", () -> "gen-1");
    String second = new LocalSecrets(settings(true)).resolve(Optional.empty(), "ENV", "secret", () -> "gen-2");
    assertThat(first).isEqualTo("gen-1");
    assertThat(second).isEqualTo("gen-1");
    assertThat(Files.getPosixFilePermissions(dir.resolve("secret")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }

  private AuthConfig.LocalSecrets settings(boolean generate) {
    return new AuthConfig.LocalSecrets() {
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
