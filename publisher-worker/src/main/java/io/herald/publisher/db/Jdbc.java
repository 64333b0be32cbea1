package io.herald.publisher.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL for the worker's hot path, where each statement must be one conditional UPDATE whose row count says
 * whether it happened (ledger transitions) or an upsert with a lease condition. Each call is its own transaction
 * unless run inside {@link #transaction}.
 */
@ApplicationScoped
public class Jdbc {
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final AgroalDataSource dataSource;

  Jdbc(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> T transaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  public <T> Optional<T> one(String sql, Row<T> row, Object... parameters) {
    List<T> all = list(sql, row, parameters);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
  }

  public <T> List<T> list(String sql, Row<T> row, Object... parameters) {
    return transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        bind(s, parameters);
        try (ResultSet rs = s.executeQuery()) {
          var rows = new ArrayList<T>();
          while (rs.next()) {
            rows.add(row.map(rs));
          }
          return rows;
        }
      }
    });
  }

  public int update(String sql, Object... parameters) {
    return transaction(c -> execute(c, sql, parameters));
  }

  /** Runs one statement on a connection of a {@link #transaction}; answers the rows it changed. */
  public static int execute(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, parameters);
      return s.executeUpdate();
    }
  }

  private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      s.setObject(i + 1, parameters[i]);
    }
  }
}
