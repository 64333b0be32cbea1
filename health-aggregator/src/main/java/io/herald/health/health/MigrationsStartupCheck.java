package io.herald.health.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/** Startup: the {@code health} schema is migrated to the version this build expects. */
@Startup
@ApplicationScoped
public class MigrationsStartupCheck implements HealthCheck {
  private final Flyway flyway;

  MigrationsStartupCheck(Flyway flyway) {
    this.flyway = flyway;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("migrations");
    try {
      var info = flyway.info();
      int pending = info.pending().length;
      var current = info.current();
      return builder
          .withData("schemaVersion", current == null ? "none" : current.getVersion().getVersion())
          .withData("pending", pending)
          .status(current != null && pending == 0)
          .build();
    } catch (RuntimeException e) {
      return builder.down().withData("error", "schema history not readable").build();
    }
  }
}
