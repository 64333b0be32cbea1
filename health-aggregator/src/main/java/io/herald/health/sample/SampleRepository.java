package io.herald.health.sample;

import io.herald.common.db.Sql;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Samples, and the time-weighted arithmetic over them (done in Postgres, so 30 days never leave the database). */
@ApplicationScoped
public class SampleRepository implements PanacheRepository<Sample> {

  /** Each sample with the end of the time it stands for: the next sample, the gap bound or the period's end. */
  private static final String SPANS = """
      with p as (select ?::varchar svc, ?::timestamptz f, ?::timestamptz t, (? * interval '1 millisecond') gap),
      s as (
        select sample.at, sample.status, sample.latency_ms,
               least(coalesce(lead(sample.at) over (order by sample.at, sample.id), p.t), sample.at + p.gap, p.t)
                   end_at
        from sample, p
        where sample.service = p.svc and sample.at > p.f - p.gap and sample.at < p.t
      )
      """;

  private final Sql sql;

  SampleRepository(Sql sql) {
    this.sql = sql;
  }

  /** The last sample of a target taken at or before {@code now}. */
  public Optional<Sample> latest(String service, Instant now) {
    return find("service = ?1 and at <= ?2", Sort.descending("at", "id"), service, now).firstResultOptional();
  }

  // Plain SQL for uptime and history: each is one statement of Postgres features (generate_series buckets, interval
  // arithmetic on timestamptz, aggregates with FILTER over a lead() window), so 30 days of samples stay in Postgres.

  /** Time-weighted uptime of a target over {@code [from, to)}. */
  public Uptime uptime(String service, Instant from, Instant to, Duration maxGap) {
    return sql.one(SPANS + """
        select coalesce(sum(d) filter (where status = 'UP'), 0) up, coalesce(sum(d), 0) observed
        from (select s.status, greatest(0, extract(epoch from s.end_at - greatest(s.at, p.f))) d from s, p) x
        """, rs -> new Uptime(rs.getDouble("up"), rs.getDouble("observed")),
        service, from, to, maxGap.toMillis()).orElseThrow();
  }

  /** The history of a target over {@code [from, to)} in steps of {@code step}. */
  public List<Bucket> history(String service, Instant from, Instant to, Duration step, Duration maxGap) {
    return sql.query(SPANS + """
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
               (avg(s.latency_ms) filter (where s.at >= b.b_start))::float8 avg_latency
        from b left join s on s.at < b.b_end and s.end_at > b.b_start
        group by b.b_start, b.b_end
        order by b.b_start
        """, rs -> new Bucket(Sql.instant(rs, "b_start"), Sql.instant(rs, "b_end"),
            new Uptime(rs.getDouble("up"), rs.getDouble("observed")), rs.getInt("samples"), rs.getInt("down_samples"),
            rs.getObject("avg_latency", Double.class)),
        service, from, to, maxGap.toMillis(), step.toMillis(), step.toMillis());
  }

  /** Deletes the samples taken before {@code before}; answers how many. */
  @Transactional
  public long purgeBefore(Instant before) {
    return delete("at < ?1", before);
  }
}
