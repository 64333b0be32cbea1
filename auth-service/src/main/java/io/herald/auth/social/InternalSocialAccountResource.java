package io.herald.auth.social;

import io.herald.auth.social.dto.CapabilitiesView;
import io.herald.auth.social.dto.CredentialsView;
import io.herald.auth.social.dto.InternalSocialAccountView;
import io.herald.auth.social.dto.ReauthRequiredRequest;
import io.herald.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Service-to-service API (docs/internal-api.md), role {@code service} only. */
@Path("/internal/v1/social-accounts/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
public class InternalSocialAccountResource {
  private final SocialAccountService accounts;

  InternalSocialAccountResource(SocialAccountService accounts) {
    this.accounts = accounts;
  }

  @GET
  public InternalSocialAccountView getAccountForService(@PathParam("id") UUID id) {
    return accounts.internalView(id);
  }

  @GET
  @Path("/credentials")
  public Response getCredentials(@PathParam("id") UUID id) {
    return noStore(accounts.credentials(id));
  }

  /** The account's capabilities (TikTok creator_info), as {@code GET /api/v1/social-accounts/{id}/capabilities}. */
  @GET
  @Path("/capabilities")
  public CapabilitiesView getCapabilitiesForService(@PathParam("id") UUID id) {
    return accounts.internalCapabilities(id);
  }

  @POST
  @Path("/refresh")
  public Response refreshCredentials(@PathParam("id") UUID id) {
    return noStore(accounts.forceRefresh(id));
  }

  @POST
  @Path("/reauth-required")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reauthRequired(@PathParam("id") UUID id, @Valid ReauthRequiredRequest request) {
    accounts.reauthRequired(id, request == null ? null : request.reason());
    return Response.noContent().build();
  }

  private static Response noStore(CredentialsView credentials) {
    return Response.ok(credentials).header("Cache-Control", "no-store").build();
  }
}
