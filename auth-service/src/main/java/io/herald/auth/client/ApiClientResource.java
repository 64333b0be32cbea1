package io.herald.auth.client;

import io.herald.auth.client.dto.ApiClientView;
import io.herald.auth.client.dto.CreateApiClientRequest;
import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/api-clients")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.ADMIN})
public class ApiClientResource {
  private final ApiClientService clients;
  private final TenantContext caller;

  ApiClientResource(ApiClientService clients, TenantContext caller) {
    this.clients = clients;
    this.caller = caller;
  }

  @POST
  public Response createApiClient(@Valid @NotNull CreateApiClientRequest request) {
    var created = clients.create(caller.tenantId(), caller.subject(), caller.hasRole(Roles.OWNER), request);
    return Response.created(URI.create("/api/v1/api-clients/" + created.id())).entity(created)
        .header("Cache-Control", "no-store").build();
  }

  @GET
  public List<ApiClientView> listApiClients() {
    return clients.list(caller.tenantId());
  }

  @GET
  @Path("/{id}")
  public ApiClientView getApiClient(@PathParam("id") UUID id) {
    return clients.get(caller.tenantId(), id);
  }

  @DELETE
  @Path("/{id}")
  public Response deleteApiClient(@PathParam("id") UUID id) {
    clients.delete(caller.tenantId(), caller.subject(), id);
    return Response.noContent().build();
  }
}
