package io.herald.common.db;

import java.sql.SQLException;

/**
 * The database refused or could not run a statement: a bug or an outage, never the caller's fault (answered 503
 * while the database is away, 500 otherwise). {@link #isOutage()} tells a database that is away from a statement it
 * refused; {@link #isUniqueViolation()} a value another row already holds.
 */
public class DataAccessException extends RuntimeException {
  public DataAccessException(SQLException cause) {
    super("Database: " + cause.getMessage(), cause);
  }

  public String sqlState() {
    String state = ((SQLException) getCause()).getSQLState();
    return state == null ? "" : state;
  }

  /** Connection failures (class 08), shutdown (57P) and resource exhaustion (53): the database, not the statement. */
  public boolean isOutage() {
    String state = sqlState();
    return state.isEmpty() || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
  }

  /** A unique index refused the statement. */
  public boolean isUniqueViolation() {
    return "23505".equals(sqlState());
  }

  /** The statement broke a constraint or a trigger refused it (class 23): a bug, never worth retrying. */
  public boolean isIntegrityViolation() {
    return sqlState().startsWith("23");
  }
}
