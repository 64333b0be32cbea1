package io.herald.common.db;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * Plain SQL, for the few statements that need a Postgres feature or a measured hot path (the domain model is
 * Hibernate ORM with Panache): an upsert with {@code on conflict ... returning}, a conditional transition whose row
 * count says whether it happened, {@code = any(array)}, a batch that must not round-trip per row. It runs on the
 * datasource the current transaction is enlisted in, so it commits and rolls back with the {@code @Transactional}
 * method around it. Instants are bound and read as {@code timestamptz} in UTC, whatever the JVM's zone; a collection
 * is bound as an array ({@code uuid[]}, {@code int4[]}, {@code int8[]} or {@code bool[]} when every element is a UUID,
 * an Integer, a Long or a Boolean, {@code text[]} otherwise); an enum as its name.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class Sql {
  /** Reads one row. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Instance<DataSource> dataSource;

  Sql(Instance<DataSource> dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs an INSERT, UPDATE or DELETE; answers the rows it changed. */
  public int update(String sql, Object... parameters) {
    try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(c, s, parameters);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  public <T> List<T> query(String sql, Row<T> row, Object... parameters) {
    try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      return rows(c, s, row, parameters);
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  private static <T> List<T> rows(Connection c, PreparedStatement s, Row<T> row, Object[] parameters)
      throws SQLException {
    bind(c, s, parameters);
    try (ResultSet rs = s.executeQuery()) {
      var rows = new ArrayList<T>();
      while (rs.next()) {
        rows.add(row.map(rs));
      }
      return rows;
    }
  }

  /**
   * Runs one statement for many rows given as arrays ({@code from unnest(?, ?) as u(...)}), planned for these arrays
   * every time. A prepared statement's generic plan is made once per connection, perhaps while a table is still small,
   * and a whole-table scan chosen then would stay as the table grows (nothing re-plans it but a fresh ANALYZE);
   * planned with the arrays in hand, the join stays on the table's index. The plan costs a fraction of a millisecond,
   * once for the whole batch.
   */
  public <T> List<T> batch(String sql, Row<T> row, Object... parameters) {
    try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      // threshold 0: the driver's unnamed statement, which PostgreSQL plans at each execution for its parameters
      s.unwrap(PGStatement.class).setPrepareThreshold(0);
      return rows(c, s, row, parameters);
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  public <T> Optional<T> one(String sql, Row<T> row, Object... parameters) {
    List<T> rows = query(sql, row, parameters);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  public long count(String sql, Object... parameters) {
    return one(sql, rs -> rs.getLong(1), parameters).orElse(0L);
  }

  /**
   * One array parameter of a statement over many rows ({@code unnest(?, ?)}): each row's value, in the rows' order,
   * nulls kept; bound as the array type its values share (see the class comment).
   */
  public static <R> List<Object> column(List<R> rows, Function<R, Object> value) {
    var values = new ArrayList<Object>(rows.size());
    rows.forEach(row -> values.add(value.apply(row)));
    return values;
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  private static String arrayType(Collection<?> values) {
    if (values.stream().allMatch(UUID.class::isInstance)) {
      return "uuid";
    }
    if (!values.isEmpty() && values.stream().allMatch(Integer.class::isInstance)) {
      return "int4";
    }
    if (!values.isEmpty() && values.stream().allMatch(Long.class::isInstance)) {
      return "int8";
    }
    return !values.isEmpty() && values.stream().allMatch(Boolean.class::isInstance) ? "bool" : "text";
  }

  private static void bind(Connection c, PreparedStatement s, Object[] parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object p = parameters[i];
      int index = i + 1;
      if (p == null) {
        s.setNull(index, Types.NULL);
      } else if (p instanceof Instant instant) {
        s.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      } else if (p instanceof Enum<?> e) {
        s.setString(index, e.name());
      } else if (p instanceof Collection<?> values) {
        s.setArray(index, c.createArrayOf(arrayType(values), values.toArray()));
      } else {
        s.setObject(index, p);
      }
    }
  }
}
