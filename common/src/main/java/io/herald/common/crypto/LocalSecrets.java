package io.herald.common.crypto;

import io.quarkus.logging.Log;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keys and secrets a service needs, generated for dev and test into a git-ignored directory so they survive
 * restarts. In prod ({@code herald.local-secrets.generate=false}) a missing value fails start-up naming the
 * environment variable to set, never silently generating one that other replicas would not share.
 */
@ApplicationScoped
public class LocalSecrets {
  /** Where and whether local secrets are generated ({@code herald.local-secrets.*}). */
  @ConfigMapping(prefix = "herald.local-secrets")
  public interface Config {
    /** Generate missing secrets (dev and test); false in prod. */
    @WithDefault("true")
    boolean generate();

    /** The git-ignored directory they are kept in. */
    @WithDefault(".herald")
    Path dir();
  }

  private final Config config;

  LocalSecrets(Config config) {
    this.config = config;
  }

  /** The configured value, else (dev/test) the stored or newly generated one, else a clear start-up failure. */
  public synchronized String resolve(Optional<String> configured, String envVar, String fileName,
      Supplier<String> generator) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return configured.get();
    }
    if (!config.generate()) {
      throw new IllegalStateException(envVar + " is not set; the service cannot start without it");
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
        Log.debugf("%s is not on a POSIX file system; it stays git-ignored", file);
      }
      Log.infof("Generated %s into %s (dev/test only; set %s in production)", fileName, config.dir(), envVar);
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write " + file, e);
    }
  }
}
