package io.herald.publisher.queue;

import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import io.herald.common.stream.GroupStats;
import io.herald.common.stream.StreamGroup;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Queue figures and the caller's dead letters, for a tenant's OWNER and ADMIN. */
@Path("/api/v1/queues")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.ADMIN})
public class QueueResource {
  private final StreamGroup group;
  private final JobStreams streams;
  private final DeadLetterService deadLetters;
  private final TenantContext tenant;

  QueueResource(StreamGroup group, JobStreams streams, DeadLetterService deadLetters, TenantContext tenant) {
    this.group = group;
    this.streams = streams;
    this.deadLetters = deadLetters;
    this.tenant = tenant;
  }

  /** Per job stream depth, lag and pending, and the delayed and dead counts. */
  public record QueueOverview(List<GroupStats> streams, long delayed, long dead) {}

  public record DeadLetterPage(List<DeadLetter> items) {}

  @GET
  public QueueOverview getQueues() {
    tenant.tenantId();
    return new QueueOverview(group.streams().stream().map(group::stats).toList(), streams.delayedCount(),
        streams.deadCount());
  }

  @GET
  @Path("/dead")
  public DeadLetterPage listDeadLetters(@QueryParam("limit") @DefaultValue("50") int limit) {
    int bounded = Math.max(1, Math.min(limit, 200));
    return new DeadLetterPage(deadLetters.list(tenant.tenantId(), bounded));
  }

  @POST
  @Path("/dead/{entryId}/replay")
  public Response replayDeadLetter(@PathParam("entryId") String entryId) {
    return Response.accepted(deadLetters.replay(tenant.tenantId(), entryId)).build();
  }
}
