package io.herald.common.health;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/**
 * Startup: the service's schema is migrated to the version this build expects (no pending Flyway migration). Once up,
 * it keeps that answer, as a startup probe is asked only until it passes: the health-aggregator reads every service's
 * whole {@code /q/health} every few seconds, and each read used to query the schema history again (and log Flyway's
 * banner at INFO).
 */
@Startup
@ApplicationScoped
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class MigrationsStartupCheck implements HealthCheck {
  private final Flyway flyway;
  private final String schema;
  private volatile HealthCheckResponse passed;

  MigrationsStartupCheck(Flyway flyway, @ConfigProperty(name = "quarkus.flyway.schemas") String schema) {
    this.flyway = flyway;
    this.schema = schema;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponse known = passed;
    return known != null ? known : check();
  }

  private HealthCheckResponse check() {
    var builder = HealthCheckResponse.named("migrations").withData("schema", schema);
    try {
      var info = flyway.info();
      int pending = info.pending().length;
      var current = info.current();
      HealthCheckResponse response = builder.status(current != null && pending == 0)
          .withData("pending", pending)
          .withData("version", current == null ? "none" : current.getVersion().getVersion())
          .build();
      if (response.getStatus() == HealthCheckResponse.Status.UP) {
        passed = response;
      }
      return response;
    } catch (RuntimeException e) {
      return builder.down().withData("error", "schema history not readable").build();
    }
  }
}
