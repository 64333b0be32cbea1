package io.herald.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrations startup check against a real schema: down while a migration is pending, up once migrated, and then
 * up without reading the schema history again (the health-aggregator asks every few seconds).
 */
class MigrationsStartupCheckTest {
  private static final String SCHEMA = "herald_startup_check_test";
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/"
      + System.getProperty("herald-test.database", "herald_test");

  private Flyway flyway;

  @BeforeEach
  void freshSchema() throws SQLException {
    sql("drop schema if exists " + SCHEMA + " cascade");
    flyway = Flyway.configure().dataSource(URL, "postgres", null).schemas(SCHEMA)
        .locations("classpath:startup-check-migrations").load();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    sql("drop schema if exists " + SCHEMA + " cascade");
  }

  @Test
  void pendingIsDownMigratedIsUpAndAPassedCheckDoesNotReadTheHistoryAgain() throws SQLException {
    var check = new MigrationsStartupCheck(flyway, SCHEMA);
    assertThat(check.call().getStatus()).isEqualTo(Status.DOWN);

    flyway.migrate();
    assertThat(check.call().getStatus()).isEqualTo(Status.UP);
    assertThat(check.call().getData().orElseThrow()).containsEntry("version", "1").containsEntry("pending", 0L);

    // The history gone: a check that has not passed yet finds nothing; the one that passed keeps its answer.
    sql("alter table " + SCHEMA + ".flyway_schema_history rename to history_gone");
    assertThat(new MigrationsStartupCheck(flyway, SCHEMA).call().getStatus()).isEqualTo(Status.DOWN);
    assertThat(check.call().getStatus()).isEqualTo(Status.UP);
  }

  private static void sql(String statement) throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL, "postgres", null)) {
      connection.createStatement().execute(statement);
    }
  }
}
