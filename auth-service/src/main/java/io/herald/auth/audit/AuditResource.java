package io.herald.auth.audit;

import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The tenant's own audit trail, newest first (OWNER/ADMIN). */
@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.ADMIN})
public class AuditResource {
  private final AuditLog audit;
  private final TenantContext caller;

  AuditResource(AuditLog audit, TenantContext caller) {
    this.audit = audit;
    this.caller = caller;
  }

  public record AuditEventView(UUID id, String type, String actor, String target, String detail,
      String clientAddress, Instant occurredAt) {}

  public record AuditEventPage(List<AuditEventView> items) {}

  @GET
  public AuditEventPage listAuditEvents(
      @QueryParam("type") String type, @QueryParam("limit") @DefaultValue("50") int size) {
    if (size < 1 || size > 500) {
      throw ProblemException.badParameter("limit", "must be between 1 and 500");
    }
    if (type != null && Arrays.stream(AuditType.values()).noneMatch(t -> t.name().equals(type))) {
      throw ProblemException.badParameter("type", "must be one of " + Arrays.toString(AuditType.values()));
    }
    var items = audit.latest(caller.tenantId(), type, size).stream()
        .map(e -> new AuditEventView(e.id, e.type, e.actor, e.target, e.detail, e.clientAddress, e.occurredAt))
        .toList();
    return new AuditEventPage(items);
  }
}
