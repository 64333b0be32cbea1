package io.herald.auth.social;

import io.herald.auth.social.dto.CapabilitiesView;
import io.herald.auth.social.dto.ConnectRequest;
import io.herald.auth.social.dto.SocialAccountView;
import io.herald.auth.social.dto.UpdateSocialAccountRequest;
import io.herald.common.http.FormBody;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Connect (OAuth), list, read and disconnect the tenant's Facebook Pages and TikTok accounts. */
@Path("/api/v1/social-accounts")
@Produces(MediaType.APPLICATION_JSON)
public class SocialAccountResource {
  private final ConnectService connect;
  private final ConnectPages pages;
  private final SocialAccountService accounts;
  private final TenantContext caller;

  SocialAccountResource(ConnectService connect, ConnectPages pages, SocialAccountService accounts,
      TenantContext caller) {
    this.connect = connect;
    this.pages = pages;
    this.accounts = accounts;
    this.caller = caller;
  }

  /** Step 1 of the connect flow (API): answers Herald's start link for the user's browser. */
  @POST
  @Path("/connect")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OWNER, Roles.ADMIN})
  public Response connectSocialAccount(@Valid @NotNull ConnectRequest request) {
    UUID userId;
    try {
      userId = UUID.fromString(caller.subject());
    } catch (IllegalArgumentException e) {
      throw ProblemException.forbidden("Only a signed-in user can connect an account");
    }
    return Response.ok(connect.create(caller.tenantId(), userId, request.platform(), request.returnUrl()))
        .header("Cache-Control", "no-store").build();
  }

  /** Step 2 (the user's browser): binds the flow to this browser with a cookie, then on to the platform. */
  @GET
  @Path("/connect/start")
  @PermitAll
  @SecurityRequirements
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
  @APIResponse(responseCode = "303", description = "To the platform's dialog; a cookie binds the flow to this browser")
  @APIResponse(responseCode = "400", description = "The start link is unknown, used or expired")
  public Response startConnect(@QueryParam("flow") String startToken, @Context HttpHeaders headers) {
    try {
      return pages.startRedirect(connect.begin(startToken, pages.binding(headers)));
    } catch (ConnectService.ConnectFailure e) {
      return pages.failure(e, headers);
    }
  }

  /**
   * Step 3 (the browser, back from the platform): no bearer token; the state and the browser's cookie identify the
   * flow. Answers the confirmation page (or JSON for {@code Accept: application/json}); nothing is stored yet.
   */
  @GET
  @Path("/callback/{platform}")
  @PermitAll
  @SecurityRequirements
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
  @APIResponse(responseCode = "200", description = "The confirmation page (HTML), or the pending connection (JSON)")
  @APIResponse(responseCode = "303", description = "Back to the app's return URL, when the platform refused")
  @APIResponse(responseCode = "400", description = "Unknown state, another browser, denied, or the platform failed")
  @APIResponse(responseCode = "404", description = "No such platform")
  public Response connectCallback(@PathParam("platform") String platform, @QueryParam("state") String state,
      @QueryParam("code") String code, @QueryParam("error") String error,
      @QueryParam("error_description") String errorDescription, @Context HttpHeaders headers) {
    try {
      Object result = connect.authorize(platform(platform), state, code, error, errorDescription,
          pages.binding(headers));
      return result instanceof ConnectService.Pending pending ? pages.pending(pending, headers)
          : pages.outcome((ConnectService.Outcome) result, headers);
    } catch (ConnectService.ConnectFailure e) {
      return pages.failure(e, headers);
    }
  }

  /** Step 4 (the confirmation form): Confirm stores the accounts, Cancel drops them. */
  @POST
  @Path("/connect/confirm")
  @PermitAll
  @SecurityRequirements
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
  @APIResponse(responseCode = "200", description = "The outcome page (HTML) or the outcome (JSON)")
  @APIResponse(responseCode = "303", description = "Back to the app's return URL with the outcome")
  @APIResponse(responseCode = "400", description = "Malformed, already decided, expired, or from another browser")
  public Response confirmConnect(String body, @Context HttpHeaders headers) {
    try {
      var form = FormBody.parse(body).orElseThrow(() -> new ConnectService.ConnectFailure(
          ProblemException.badRequest("invalid-confirmation", "The form body is not URL-encoded"), null));
      String connectId = form.getFirst("connect");
      String csrf = form.getFirst("csrf");
      String decision = form.getFirst("decision");
      if (!"confirm".equals(decision) && !"cancel".equals(decision)) {
        throw new ConnectService.ConnectFailure(ProblemException.badRequest("invalid-confirmation",
            "decision must be confirm or cancel"), null);
      }
      return pages.outcome(connect.decide(connectId, csrf, "confirm".equals(decision), pages.binding(headers)),
          headers);
    } catch (ConnectService.ConnectFailure e) {
      return pages.failure(e, headers);
    }
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.ADMIN, Roles.EDITOR, Roles.VIEWER})
  public List<SocialAccountView> listSocialAccounts() {
    return accounts.list(caller.tenantId());
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.OWNER, Roles.ADMIN, Roles.EDITOR, Roles.VIEWER})
  public SocialAccountView getSocialAccount(@PathParam("id") UUID id) {
    return accounts.get(caller.tenantId(), id);
  }

  /** OWNER/ADMIN change an account's settings: TikTok's verified URL prefixes. */
  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OWNER, Roles.ADMIN})
  public SocialAccountView update(@PathParam("id") UUID id, @Valid @NotNull UpdateSocialAccountRequest request) {
    return accounts.update(caller.tenantId(), caller.subject(), id, request);
  }

  @GET
  @Path("/{id}/capabilities")
  @RolesAllowed({Roles.OWNER, Roles.ADMIN, Roles.EDITOR, Roles.VIEWER})
  @Operation(summary = "What the account can publish now, as the platform says", description = """
      TikTok: the creator's `creator_info` (nickname, avatar, `privacyLevelOptions`, comment/duet/stitch disabled, \
      `maxVideoPostDurationSec`, `postingBlocked` when TikTok reports a posting cap), which a post form must follow \
      (Direct Post audit). Facebook: whether the Page token is valid, its `grantedScopes`, the required ones it \
      lacks (`missingScopes`), the `postTypes` it can take and whether a `firstComment` can be posted. Answers are \
      kept up to 60 s. 404 for an account of another tenant; 409 when the account is not ACTIVE; 429 with \
      `Retry-After` when the creator's creator_info budget (20/min per token, shared with publishing) or TikTok's \
      rate limit is reached; 503 with `Retry-After` when the platform is unreachable.""")
  public CapabilitiesView capabilities(@PathParam("id") UUID id) {
    return accounts.capabilities(caller.tenantId(), id);
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed({Roles.OWNER, Roles.ADMIN})
  public Response disconnectSocialAccount(@PathParam("id") UUID id) {
    accounts.disconnect(caller.tenantId(), caller.subject(), id);
    return Response.noContent().build();
  }

  private static Platform platform(String value) {
    try {
      return Platform.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConnectService.ConnectFailure(ProblemException.notFound("The platform"), null);
    }
  }
}
