package io.herald.auth.user;

import io.herald.auth.user.dto.ChangeRoleRequest;
import io.herald.auth.user.dto.InviteUserRequest;
import io.herald.auth.user.dto.UserView;
import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Invite, list, change the role of and remove the tenant's users (OWNER/ADMIN). */
@Path("/api/v1/users")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.ADMIN})
public class UserResource {
  private final UserService users;
  private final TenantContext caller;

  UserResource(UserService users, TenantContext caller) {
    this.users = users;
    this.caller = caller;
  }

  @POST
  public Response inviteUser(@Valid @NotNull InviteUserRequest request) {
    var invited = users.invite(actor(), request);
    return Response.created(URI.create("/api/v1/users/" + invited.id())).entity(invited)
        .header("Cache-Control", "no-store").build();
  }

  @GET
  public List<UserView> listUsers() {
    return users.list(caller.tenantId());
  }

  @GET
  @Path("/{id}")
  public UserView getUser(@PathParam("id") UUID id) {
    return users.get(caller.tenantId(), id);
  }

  @PATCH
  @Path("/{id}")
  public UserView changeRole(@PathParam("id") UUID id, @Valid @NotNull ChangeRoleRequest request) {
    return users.changeRole(actor(), id, request.role());
  }

  @DELETE
  @Path("/{id}")
  public Response removeUser(@PathParam("id") UUID id) {
    users.remove(actor(), id);
    return Response.noContent().build();
  }

  private UserService.Actor actor() {
    return new UserService.Actor(caller.tenantId(), caller.subject(), caller.hasRole(Roles.OWNER));
  }
}
