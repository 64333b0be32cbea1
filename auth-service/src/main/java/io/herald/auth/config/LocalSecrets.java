package io.herald.auth.config;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Keys and secrets generated for dev and test, kept in a git-ignored directory so they survive restarts.
 * In prod ({@code herald.local-secrets.generate=false}) a missing value fails start-up with the env var to set.
 */
@ApplicationScoped
public class LocalSecrets {
  private final AuthConfig.LocalSecrets config;

  @jakarta.inject.Inject
  LocalSecrets(AuthConfig config) {
    this(config.localSecrets());
  }

  LocalSecrets(AuthConfig.LocalSecrets config) {
    this.config = config;
  }

  /** The configured value, else (dev/test) the stored or newly generated one, else a clear start-up failure. */
  public synchronized String resolve(java.util.Optional<String> configured, String envVar, String fileName,
      Supplier<String> generator) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return configured.get();
    }
    if (!config.generate()) {
      throw new IllegalStateException(envVar + " is not set; auth-service cannot start without it");
    }
    Path file = config.dir().resolve(fileName);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      Files.createDirectories(config.dir());
      String value = generator.get();
      Files.writeString(file, value);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the directory is still git-ignored
      }
      Log.infof("Generated %s into %s (dev/test only; set %s in production)", fileName, config.dir(), envVar);
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write " + file, e);
    }
  }
}
