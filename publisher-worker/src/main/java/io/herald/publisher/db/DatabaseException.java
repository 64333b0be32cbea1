package io.herald.publisher.ledger;

import java.sql.SQLException;

/** The ledger could not be read or written (the database is unreachable): the job stays pending and is retried. */
public class LedgerException extends RuntimeException {
  public LedgerException(SQLException cause) {
    super("Publish ledger unavailable: " + cause.getMessage(), cause);
  }
}
