package io.herald.content.health;

import io.herald.content.db.Sql;
import io.herald.content.webhook.WebhookCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Startup: the {@code content} schema is migrated and the webhook secret key is loaded. */
@Startup
@ApplicationScoped
public class MigrationsStartupCheck implements HealthCheck {
  private final Sql sql;
  private final WebhookCrypto crypto;

  MigrationsStartupCheck(Sql sql, WebhookCrypto crypto) {
    this.sql = sql;
    this.crypto = crypto;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("content-schema");
    try {
      String version = sql.one("select max(version) as v from flyway_schema_history where success",
          rs -> rs.getString("v")).orElse(null);
      builder.status(version != null && crypto.ready()).withData("schemaVersion", String.valueOf(version))
          .withData("webhookKeyLoaded", crypto.ready());
    } catch (RuntimeException e) {
      builder.down().withData("error", e.getClass().getSimpleName());
    }
    return builder.build();
  }
}
