package io.herald.content.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Thin JDBC helper over the (transaction-enlisted) datasource: parameter binding for the types this service uses,
 * and row mapping. Inside a {@code @Transactional} method every call uses the transaction's connection.
 */
@ApplicationScoped
public class Sql {
  private final DataSource dataSource;

  Sql(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public int update(String sql, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        var rows = new ArrayList<T>();
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public long count(String sql, Object... params) {
    return one(sql, rs -> rs.getLong(1), params).orElse(0L);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  public static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int idx = i + 1;
      if (p == null) {
        ps.setNull(idx, Types.NULL);
      } else if (p instanceof Instant instant) {
        ps.setTimestamp(idx, Timestamp.from(instant));
      } else if (p instanceof Json json) {
        ps.setObject(idx, json.value(), Types.OTHER);
      } else if (p instanceof Enum<?> e) {
        ps.setString(idx, e.name());
      } else {
        ps.setObject(idx, p);
      }
    }
  }

  /** A parameter to bind as {@code jsonb}. */
  public record Json(String value) {}

  /** A database failure that is a bug or an outage, never the caller's fault (answered as 500/503 upstream). */
  public static class DataAccessException extends RuntimeException {
    public DataAccessException(SQLException cause) {
      super(cause.getMessage(), cause);
    }

    public String sqlState() {
      return ((SQLException) getCause()).getSQLState();
    }
  }
}
