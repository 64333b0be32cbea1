package io.herald.common.health;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/** Startup: the service's schema is migrated to the version this build expects (no pending Flyway migration). */
@Startup
@ApplicationScoped
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class MigrationsStartupCheck implements HealthCheck {
  private final Flyway flyway;
  private final String schema;

  MigrationsStartupCheck(Flyway flyway, @ConfigProperty(name = "quarkus.flyway.schemas") String schema) {
    this.flyway = flyway;
    this.schema = schema;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("migrations").withData("schema", schema);
    try {
      var info = flyway.info();
      int pending = info.pending().length;
      var current = info.current();
      return builder.status(current != null && pending == 0)
          .withData("pending", pending)
          .withData("version", current == null ? "none" : current.getVersion().getVersion())
          .build();
    } catch (RuntimeException e) {
      return builder.down().withData("error", "schema history not readable").build();
    }
  }
}
