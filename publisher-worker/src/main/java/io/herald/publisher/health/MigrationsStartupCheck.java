package io.herald.publisher.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/** Startup: the publish ledger's migrations are applied. */
@Startup
@ApplicationScoped
public class MigrationsStartupCheck implements HealthCheck {
  private final Flyway flyway;

  MigrationsStartupCheck(Flyway flyway) {
    this.flyway = flyway;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("publisher-migrations");
    try {
      var info = flyway.info();
      int pending = info.pending().length;
      var current = info.current();
      return builder.status(pending == 0)
          .withData("pending", pending)
          .withData("version", current == null ? "none" : current.getVersion().getVersion())
          .build();
    } catch (RuntimeException e) {
      return builder.down().withData("error", e.getClass().getSimpleName()).build();
    }
  }
}
