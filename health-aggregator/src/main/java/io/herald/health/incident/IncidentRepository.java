package io.herald.health.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.herald.health.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Incidents in Postgres; at most one open incident per target (a partial unique index keeps it so). */
@ApplicationScoped
public class IncidentRepository {
  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

  private final AgroalDataSource db;
  private final ObjectMapper json;

  IncidentRepository(AgroalDataSource db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  public Incident open(String service, Instant at, List<String> failedChecks, String error) {
    var incident = new Incident(UUID.randomUUID(), service, at, null, List.copyOf(failedChecks), error);
    String sql = "insert into incident (id, service, started_at, failed_checks, error) values (?, ?, ?, ?::jsonb, ?)";
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setObject(1, incident.id());
      st.setString(2, service);
      Sql.setInstant(st, 3, at);
      st.setString(4, json.writeValueAsString(incident.failedChecks()));
      st.setString(5, error);
      st.executeUpdate();
      return incident;
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("Could not open an incident for " + service, e);
    }
  }

  public Incident close(Incident incident, Instant at) {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement("update incident set ended_at = ? where id = ? and ended_at is null")) {
      Sql.setInstant(st, 1, at);
      st.setObject(2, incident.id());
      st.executeUpdate();
      return new Incident(incident.id(), incident.service(), incident.startedAt(), at, incident.failedChecks(), incident.error());
    } catch (SQLException e) {
      throw new IllegalStateException("Could not close incident " + incident.id(), e);
    }
  }

  public Optional<Incident> findOpen(String service) {
    List<Incident> found = query("select * from incident where service = ? and ended_at is null", st -> st.setString(1, service));
    return found.stream().findFirst();
  }

  /** The incidents that overlap {@code [from, to)}, of one target or of all when {@code service} is null, newest first. */
  public List<Incident> list(String service, Instant from, Instant to) {
    String sql = """
        select * from incident
        where (?::varchar is null or service = ?) and started_at < ? and (ended_at is null or ended_at > ?)
        order by started_at desc, id
        limit 1000
        """;
    return query(sql, st -> {
      st.setString(1, service);
      st.setString(2, service);
      Sql.setInstant(st, 3, to);
      Sql.setInstant(st, 4, from);
    });
  }

  /** Mean time to recovery: the average duration of the incidents of a target that ended within {@code [from, to)}. */
  public Optional<Duration> meanTimeToRecovery(String service, Instant from, Instant to) {
    String sql = """
        select avg(extract(epoch from ended_at - started_at) * 1000)
        from incident where (?::varchar is null or service = ?) and ended_at >= ? and ended_at < ?
        """;
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, service);
      st.setString(2, service);
      Sql.setInstant(st, 3, from);
      Sql.setInstant(st, 4, to);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        double millis = rs.getDouble(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(millis)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not compute the MTTR of " + service, e);
    }
  }

  /** Deletes the incidents that ended before {@code before} (with their alert deliveries); answers how many. */
  public int purgeEndedBefore(Instant before) {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement("delete from incident where ended_at < ?")) {
      Sql.setInstant(st, 1, before);
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not purge incidents", e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement st) throws SQLException;
  }

  private List<Incident> query(String sql, Binder binder) {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      binder.bind(st);
      var result = new ArrayList<Incident>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          result.add(new Incident(
              rs.getObject("id", UUID.class), rs.getString("service"), Sql.getInstant(rs, "started_at"),
              Sql.getInstant(rs, "ended_at"), json.readValue(rs.getString("failed_checks"), NAMES), rs.getString("error")));
        }
      }
      return result;
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("Could not read incidents", e);
    }
  }
}
