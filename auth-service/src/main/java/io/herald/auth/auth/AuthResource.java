package io.herald.auth.auth;

import io.herald.auth.auth.dto.AcceptInvitationRequest;
import io.herald.auth.auth.dto.LoginRequest;
import io.herald.auth.auth.dto.MeView;
import io.herald.auth.auth.dto.SignupRequest;
import io.herald.common.security.TenantContext;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/** Signup, login, invitation acceptance (all answer with tokens) and who-am-I. */
@Path("/api/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
  private final AuthService auth;
  private final TenantContext caller;
  private final ClientAddress clientAddress;

  AuthResource(AuthService auth, TenantContext caller, ClientAddress clientAddress) {
    this.auth = auth;
    this.caller = caller;
    this.clientAddress = clientAddress;
  }

  @POST
  @Path("/auth/signup")
  @PermitAll
  @SecurityRequirements
  public Response signup(@Valid @NotNull SignupRequest request, @Context HttpServerRequest http) {
    var tokens = auth.signup(request, clientAddress.of(http));
    return Response.created(URI.create("/api/v1/me")).entity(tokens).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("/auth/login")
  @PermitAll
  @SecurityRequirements
  public Response login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
    return Response.ok(auth.login(request, clientAddress.of(http))).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("/auth/accept-invitation")
  @PermitAll
  @SecurityRequirements
  public Response acceptInvitation(@Valid @NotNull AcceptInvitationRequest request, @Context HttpServerRequest http) {
    return Response.ok(auth.acceptInvitation(request, clientAddress.of(http))).header("Cache-Control", "no-store")
        .build();
  }

  @GET
  @Path("/me")
  @Authenticated
  public MeView me() {
    return auth.me(caller.tenantId(), caller.subject());
  }
}
