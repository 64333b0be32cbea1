package io.herald.health.status;

import io.herald.common.problem.ProblemException;
import io.herald.health.alert.AlertRepository;
import io.herald.health.status.dto.AlertView;
import io.herald.health.status.dto.HistoryView;
import io.herald.health.status.dto.IncidentsView;
import io.herald.health.status.dto.ServiceView;
import io.herald.health.status.dto.StatusView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/** The status API. Public, like the status page it feeds: it shows health, never tenant data or secrets. */
@SecurityRequirements
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
  private final StatusService status;
  private final AlertRepository alerts;

  StatusResource(StatusService status, AlertRepository alerts) {
    this.status = status;
    this.alerts = alerts;
  }

  @GET
  @Path("/status")
  public StatusView getStatus() {
    return status.status();
  }

  @GET
  @Path("/status/{service}")
  @APIResponse(responseCode = "200", description = "The service's status now")
  @APIResponse(responseCode = "404", description = "No watched service of that name")
  public ServiceView getServiceStatus(@PathParam("service") String service) {
    return status.service(status.target(service), status.now());
  }

  @GET
  @Path("/status/{service}/history")
  @APIResponse(responseCode = "200", description = "The service's status per step")
  @APIResponse(responseCode = "400", description = "A bad from, to or step")
  @APIResponse(responseCode = "404", description = "No watched service of that name")
  public HistoryView getServiceHistory(
      @PathParam("service") String service, @QueryParam("from") Instant from, @QueryParam("to") Instant to,
      @QueryParam("step") String step) {
    status.target(service);
    Instant end = to == null ? status.now() : to;
    Instant start = from == null ? end.minus(Duration.ofHours(24)) : from;
    return status.history(service, start, end, step == null ? Duration.ofHours(1) : duration("step", step));
  }

  @GET
  @Path("/incidents")
  @APIResponse(responseCode = "200", description = "The incidents in the window")
  @APIResponse(responseCode = "400", description = "A bad from or to")
  public IncidentsView listIncidents(
      @QueryParam("service") String service, @QueryParam("from") Instant from, @QueryParam("to") Instant to) {
    Instant end = to == null ? status.now() : to;
    Instant start = from == null ? end.minus(Duration.ofDays(30)) : from;
    return status.incidents(service == null || service.isBlank() ? null : service, start, end);
  }

  @GET
  @Path("/alerts")
  @APIResponse(responseCode = "200", description = "The latest alerts sent")
  @APIResponse(responseCode = "404", description = "No watched service of that name")
  public List<AlertView> listAlerts(@QueryParam("service") String service) {
    if (service != null && !service.isBlank()) {
      status.target(service);
    }
    return alerts.list(service == null || service.isBlank() ? null : service, 200).stream().map(AlertView::of).toList();
  }

  /** Accepts ISO-8601 ({@code PT5M}) or the short form {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
  static Duration duration(String name, String value) {
    try {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.matches("\\d{1,9}[smhd]")) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(value.trim());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ProblemException.badParameter(name, "must be a duration such as 5m, 1h, 1d or PT15M");
    }
  }
}
