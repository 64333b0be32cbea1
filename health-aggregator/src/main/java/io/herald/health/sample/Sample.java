package io.herald.health.sample;

import io.herald.health.config.Target;
import io.herald.health.probe.CheckResult;
import io.herald.health.probe.Probe;
import io.herald.health.probe.Resources;
import io.herald.health.probe.Status;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored probe of one target: what it answered, how fast, each check with its data, and its resources. */
@Entity
@Table(name = "sample")
public class Sample {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;
  public String service;
  @Enumerated(EnumType.STRING)
  public Target.Kind kind;
  public Instant at;
  @Enumerated(EnumType.STRING)
  public Status status;
  public int latencyMs;
  public String error;
  @JdbcTypeCode(SqlTypes.JSON)
  public List<CheckResult> checks;
  /** Null when the target exposes none (a platform, or a service without metrics). */
  @Embedded
  public Resources resources;

  static Sample of(Probe probe) {
    var sample = new Sample();
    sample.service = probe.target().name();
    sample.kind = probe.target().kind();
    sample.at = probe.at();
    sample.status = probe.status();
    sample.latencyMs = (int) Math.min(Integer.MAX_VALUE, probe.latencyMs());
    sample.error = probe.error();
    sample.checks = probe.checks();
    sample.resources = probe.resources();
    return sample;
  }
}
