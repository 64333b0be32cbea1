package io.herald.health.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.herald.health.db.Sql;
import io.herald.health.probe.CheckResult;
import io.herald.health.probe.Probe;
import io.herald.health.probe.Resources;
import io.herald.health.probe.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Samples in Postgres, and the time-weighted arithmetic over them (done in SQL, so 30 days never leave the database). */
@ApplicationScoped
public class SampleRepository {
  private static final TypeReference<List<CheckResult>> CHECKS = new TypeReference<>() {};

  /** Each sample with the end of the time it stands for: the next sample, the gap bound or the period's end. */
  private static final String SPANS = """
      with p as (select ?::varchar svc, ?::timestamptz f, ?::timestamptz t, (? * interval '1 millisecond') gap),
      s as (
        select sample.at, sample.status, sample.latency_ms,
               least(coalesce(lead(sample.at) over (order by sample.at, sample.id), p.t), sample.at + p.gap, p.t) end_at
        from sample, p
        where sample.service = p.svc and sample.at > p.f - p.gap and sample.at < p.t
      )
      """;

  private final AgroalDataSource db;
  private final ObjectMapper json;

  SampleRepository(AgroalDataSource db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  public void insert(Probe probe) {
    String sql = """
        insert into sample (service, kind, at, status, latency_ms, error, checks, cpu_usage, heap_used_bytes,
                            heap_max_bytes, rss_bytes, disk_free_bytes, disk_total_bytes)
        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
        """;
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      Resources r = probe.resources();
      st.setString(1, probe.target().name());
      st.setString(2, probe.target().kind().name());
      Sql.setInstant(st, 3, probe.at());
      st.setString(4, probe.status().name());
      st.setInt(5, (int) Math.min(Integer.MAX_VALUE, probe.latencyMs()));
      st.setString(6, probe.error());
      st.setString(7, json.writeValueAsString(probe.checks()));
      setNullable(st, 8, r.cpuUsage());
      setNullable(st, 9, r.heapUsedBytes());
      setNullable(st, 10, r.heapMaxBytes());
      setNullable(st, 11, r.rssBytes());
      setNullable(st, 12, r.diskFreeBytes());
      setNullable(st, 13, r.diskTotalBytes());
      st.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("Could not store the sample of " + probe.target().name(), e);
    }
  }

  /** The last sample of a target taken at or before {@code now}. */
  public Optional<Sample> latest(String service, Instant now) {
    String sql = "select * from sample where service = ? and at <= ? order by at desc, id desc limit 1";
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, service);
      Sql.setInstant(st, 2, now);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the latest sample of " + service, e);
    }
  }

  /** Time-weighted uptime of a target over {@code [from, to)}. */
  public Uptime uptime(String service, Instant from, Instant to, Duration maxGap) {
    String sql = SPANS + """
        select coalesce(sum(d) filter (where status = 'UP'), 0), coalesce(sum(d), 0)
        from (select s.status, greatest(0, extract(epoch from s.end_at - greatest(s.at, p.f))) d from s, p) x
        """;
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      bindSpans(st, service, from, to, maxGap);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Uptime(rs.getDouble(1), rs.getDouble(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not compute the uptime of " + service, e);
    }
  }

  /** The history of a target over {@code [from, to)} in steps of {@code step}. */
  public List<Bucket> history(String service, Instant from, Instant to, Duration step, Duration maxGap) {
    String sql = SPANS + """
        , b as (
          select g b_start, least(g + (? * interval '1 millisecond'), p.t) b_end
          from p, generate_series(p.f, p.t - interval '1 microsecond', (? * interval '1 millisecond')) g
        )
        select b.b_start, b.b_end,
               coalesce(sum(extract(epoch from least(s.end_at, b.b_end) - greatest(s.at, b.b_start)))
                   filter (where s.status = 'UP'), 0) up,
               coalesce(sum(extract(epoch from least(s.end_at, b.b_end) - greatest(s.at, b.b_start)))
                   filter (where s.at is not null), 0) observed,
               count(s.at) filter (where s.at >= b.b_start) samples,
               count(s.at) filter (where s.at >= b.b_start and s.status = 'DOWN') down_samples,
               avg(s.latency_ms) filter (where s.at >= b.b_start) avg_latency
        from b left join s on s.at < b.b_end and s.end_at > b.b_start
        group by b.b_start, b.b_end
        order by b.b_start
        """;
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      bindSpans(st, service, from, to, maxGap);
      st.setLong(5, step.toMillis());
      st.setLong(6, step.toMillis());
      var buckets = new ArrayList<Bucket>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          double latency = rs.getDouble("avg_latency");
          buckets.add(new Bucket(
              Sql.getInstant(rs, "b_start"), Sql.getInstant(rs, "b_end"),
              new Uptime(rs.getDouble("up"), rs.getDouble("observed")),
              rs.getInt("samples"), rs.getInt("down_samples"), rs.wasNull() ? null : latency));
        }
      }
      return buckets;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not compute the history of " + service, e);
    }
  }

  /** Deletes the samples taken before {@code before}; answers how many. */
  public int purgeBefore(Instant before) {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("delete from sample where at < ?")) {
      Sql.setInstant(st, 1, before);
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not purge samples", e);
    }
  }

  private static void bindSpans(PreparedStatement st, String service, Instant from, Instant to, Duration maxGap)
      throws SQLException {
    st.setString(1, service);
    Sql.setInstant(st, 2, from);
    Sql.setInstant(st, 3, to);
    st.setLong(4, maxGap.toMillis());
  }

  private Sample map(ResultSet rs) throws SQLException {
    try {
      return new Sample(
          rs.getString("service"), rs.getString("kind"), Sql.getInstant(rs, "at"),
          Status.valueOf(rs.getString("status")), rs.getLong("latency_ms"), rs.getString("error"),
          json.readValue(rs.getString("checks"), CHECKS),
          new Resources(
              getNullable(rs, "cpu_usage", Double.class), getNullable(rs, "heap_used_bytes", Long.class),
              getNullable(rs, "heap_max_bytes", Long.class), getNullable(rs, "rss_bytes", Long.class),
              getNullable(rs, "disk_free_bytes", Long.class), getNullable(rs, "disk_total_bytes", Long.class)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored sample has unreadable checks", e);
    }
  }

  private static <T> T getNullable(ResultSet rs, String column, Class<T> type) throws SQLException {
    return rs.getObject(column, type);
  }

  private static void setNullable(PreparedStatement st, int index, Number value) throws SQLException {
    if (value == null) {
      st.setNull(index, Types.NUMERIC);
    } else if (value instanceof Double d) {
      st.setDouble(index, d);
    } else {
      st.setLong(index, value.longValue());
    }
  }
}
