package io.herald.publisher.db;

import java.sql.SQLException;

/**
 * The database refused or could not run a statement. {@link #isOutage()} tells a database that is away (the job
 * stays pending and is tried again) from a statement the database refused (a refused ledger transition, a platform
 * id another target owns: a bug or a poison job).
 */
public class DatabaseException extends RuntimeException {
  public DatabaseException(SQLException cause) {
    super("Database: " + cause.getMessage(), cause);
  }

  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }

  /** Connection failures (class 08), shutdown and resource exhaustion (57P, 53): the database, not the job. */
  public boolean isOutage() {
    String state = sqlState();
    return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
  }

  /** A unique index refused the statement (e.g. a platform id that belongs to another target). */
  public boolean isTakenId() {
    return "23505".equals(sqlState());
  }
}
