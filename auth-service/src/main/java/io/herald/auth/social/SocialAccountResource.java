package io.herald.auth.social;

import io.herald.auth.social.dto.ConnectRequest;
import io.herald.auth.social.dto.ConnectResponse;
import io.herald.auth.social.dto.ConnectedAccounts;
import io.herald.auth.social.dto.SocialAccountView;
import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import io.herald.common.stream.Platform;
import jakarta.annotation.security.PermitAll;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Connect (OAuth), list, read and disconnect the tenant's Facebook Pages and TikTok accounts. */
@Path("/api/v1/social-accounts")
@Produces(MediaType.APPLICATION_JSON)
public class SocialAccountResource {
  private final ConnectService connect;
  private final SocialAccountService accounts;
  private final TenantContext caller;

  SocialAccountResource(ConnectService connect, SocialAccountService accounts, TenantContext caller) {
    this.connect = connect;
    this.accounts = accounts;
    this.caller = caller;
  }

  @POST
  @Path("/connect")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OWNER, Roles.ADMIN})
  public ConnectResponse connect(@Valid @NotNull ConnectRequest request) {
    UUID userId;
    try {
      userId = UUID.fromString(caller.subject());
    } catch (IllegalArgumentException e) {
      throw ProblemException.forbidden("Only a signed-in user can connect an account");
    }
    return connect.start(caller.tenantId(), userId, request.platform());
  }

  /** Reached by the user's browser coming back from the platform: no bearer token, the state identifies the user. */
  @GET
  @Path("/callback/{platform}")
  @PermitAll
  public ConnectedAccounts callback(@PathParam("platform") String platform, @QueryParam("state") String state,
      @QueryParam("code") String code, @QueryParam("error") String error,
      @QueryParam("error_description") String errorDescription) {
    return connect.complete(platform(platform), state, code, error, errorDescription);
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.ADMIN, Roles.EDITOR, Roles.VIEWER})
  public List<SocialAccountView> list() {
    return accounts.list(caller.tenantId());
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.OWNER, Roles.ADMIN, Roles.EDITOR, Roles.VIEWER})
  public SocialAccountView get(@PathParam("id") UUID id) {
    return accounts.get(caller.tenantId(), id);
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed({Roles.OWNER, Roles.ADMIN})
  public Response disconnect(@PathParam("id") UUID id) {
    accounts.disconnect(caller.tenantId(), caller.subject(), id);
    return Response.noContent().build();
  }

  private static Platform platform(String value) {
    try {
      return Platform.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("The platform '" + value.substring(0, Math.min(value.length(), 20)) + "'");
    }
  }
}
