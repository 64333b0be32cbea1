package io.herald.health.alert;

import io.agroal.api.AgroalDataSource;
import io.herald.health.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Alert deliveries in Postgres: written with the state change that caused them, then worked off by the dispatcher. */
@ApplicationScoped
public class AlertRepository {
  private final AgroalDataSource db;

  AlertRepository(AgroalDataSource db) {
    this.db = db;
  }

  public void insert(UUID incidentId, String service, String event, Webhook webhook, String body, Instant now) {
    String sql = """
        insert into alert_delivery (id, incident_id, service, event, webhook_id, webhook_format, webhook_host, body,
                                    status, created_at, next_attempt_at)
        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'PENDING', ?, ?)
        """;
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setObject(1, UUID.randomUUID());
      st.setObject(2, incidentId);
      st.setString(3, service);
      st.setString(4, event);
      st.setString(5, webhook.id());
      st.setString(6, webhook.format().name());
      st.setString(7, webhook.host());
      st.setString(8, body);
      Sql.setInstant(st, 9, now);
      Sql.setInstant(st, 10, now);
      st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not record an alert for " + service, e);
    }
  }

  /** The pending deliveries due at {@code now}, oldest first. */
  public List<Delivery> due(Instant now, int limit) {
    return query("""
        select * from alert_delivery where status = 'PENDING' and next_attempt_at <= ?
        order by next_attempt_at, created_at limit ?
        """, st -> {
      Sql.setInstant(st, 1, now);
      st.setInt(2, limit);
    });
  }

  /** Takes a due delivery for one attempt (pushing its next attempt to {@code leaseUntil}); false if someone else did. */
  public boolean claim(Delivery delivery, Instant leaseUntil) {
    return update("""
        update alert_delivery set next_attempt_at = ?
        where id = ? and status = 'PENDING' and next_attempt_at = ?
        """, st -> {
      Sql.setInstant(st, 1, leaseUntil);
      st.setObject(2, delivery.id());
      Sql.setInstant(st, 3, delivery.nextAttemptAt());
    }) == 1;
  }

  /** Records one attempt: {@code status} DELIVERED, FAILED, or PENDING again with the next attempt's time. */
  public void recordAttempt(UUID id, String status, Integer statusCode, String error, Instant nextAttemptAt, Instant deliveredAt) {
    update("""
        update alert_delivery set status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?,
                                  next_attempt_at = ?, delivered_at = ?
        where id = ?
        """, st -> {
      st.setString(1, status);
      if (statusCode == null) {
        st.setNull(2, Types.INTEGER);
      } else {
        st.setInt(2, statusCode);
      }
      st.setString(3, error);
      Sql.setInstant(st, 4, nextAttemptAt);
      Sql.setInstant(st, 5, deliveredAt);
      st.setObject(6, id);
    });
  }

  /** The deliveries of one target, or of all when {@code service} is null, newest first. */
  public List<Delivery> list(String service, int limit) {
    return query("""
        select * from alert_delivery where (?::varchar is null or service = ?) order by created_at desc, id limit ?
        """, st -> {
      st.setString(1, service);
      st.setString(2, service);
      st.setInt(3, limit);
    });
  }

  public int purgeCreatedBefore(Instant before) {
    return update("delete from alert_delivery where created_at < ? and status <> 'PENDING'",
        st -> Sql.setInstant(st, 1, before));
  }

  private interface Binder {
    void bind(PreparedStatement st) throws SQLException;
  }

  private int update(String sql, Binder binder) {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      binder.bind(st);
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not update alert deliveries", e);
    }
  }

  private List<Delivery> query(String sql, Binder binder) {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      binder.bind(st);
      var result = new ArrayList<Delivery>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          int code = rs.getInt("last_status_code");
          Integer lastStatusCode = rs.wasNull() ? null : code;
          result.add(new Delivery(
              rs.getObject("id", UUID.class), rs.getObject("incident_id", UUID.class), rs.getString("service"),
              rs.getString("event"), rs.getString("webhook_id"), rs.getString("webhook_format"),
              rs.getString("webhook_host"), rs.getString("body"), rs.getString("status"), rs.getInt("attempts"),
              lastStatusCode, rs.getString("last_error"), Sql.getInstant(rs, "created_at"),
              Sql.getInstant(rs, "next_attempt_at"), Sql.getInstant(rs, "delivered_at")));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read alert deliveries", e);
    }
  }
}
