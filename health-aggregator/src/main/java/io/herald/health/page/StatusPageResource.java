package io.herald.health.page;

import io.herald.health.config.HealthConfig;
import io.herald.health.status.StatusService;
import io.herald.health.status.dto.HistoryView;
import io.herald.health.status.dto.IncidentView;
import io.herald.health.status.dto.ServiceView;
import io.herald.health.status.dto.StatusView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/** The status page: server-rendered, reloads itself, no JavaScript. */
@SecurityRequirements
@Path("/")
public class StatusPageResource {

  /** One row of the page: a target now and its uptime bar. */
  public record Row(ServiceView service, List<HistoryView.Step> bar) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance page(
        StatusView status, List<Row> services, List<Row> platforms, List<IncidentView> openIncidents,
        long refreshSeconds, String segment, String barSpan);
  }

  private final StatusService status;
  private final HealthConfig config;

  StatusPageResource(StatusService status, HealthConfig config) {
    this.status = status;
    this.config = config;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance statusPage() {
    StatusView now = status.status();
    List<Row> rows = now.services().stream().map(s -> new Row(s, status.bar(s.name(), now.at()))).toList();
    return Templates.page(
        now,
        rows.stream().filter(r -> r.service().kind().equals("SERVICE")).toList(),
        rows.stream().filter(r -> r.service().kind().equals("PLATFORM")).toList(),
        status.openIncidents(),
        config.pageRefresh().toSeconds(),
        Format.duration(config.effectiveBarSegment().toSeconds()),
        Format.duration(config.effectiveBarSegment().multipliedBy(90).toSeconds()));
  }
}
