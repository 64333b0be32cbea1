package io.herald.content.webhook;

import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import io.herald.content.ratelimit.RateLimiter;
import io.herald.content.webhook.WebhookDtos.CreateWebhookRequest;
import io.herald.content.webhook.WebhookDtos.DeliveryView;
import io.herald.content.webhook.WebhookDtos.WebhookView;
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

/**
 * {@code /api/v1/webhooks}: a tenant's signed event endpoints (OWNER and ADMIN only). An id that is not a UUID names
 * no webhook: 404.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OWNER, Roles.ADMIN})
public class WebhookResource {
  private final WebhookService webhooks;
  private final TenantContext tenant;
  private final RateLimiter rateLimiter;

  WebhookResource(WebhookService webhooks, TenantContext tenant, RateLimiter rateLimiter) {
    this.webhooks = webhooks;
    this.tenant = tenant;
    this.rateLimiter = rateLimiter;
  }

  @POST
  public Response createWebhook(@NotNull @Valid CreateWebhookRequest request) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    var created = webhooks.create(tenantId, request);
    // The answer carries the signing secret: no cache on the way may keep it.
    return Response.created(URI.create("/api/v1/webhooks/" + created.id())).entity(created)
        .header("Cache-Control", "no-store").build();
  }

  @GET
  public List<WebhookView> listWebhooks() {
    return webhooks.list(tenant.tenantId());
  }

  @GET
  @Path("/{id}")
  public WebhookView getWebhook(@PathParam("id") UUID id) {
    return webhooks.get(tenant.tenantId(), id);
  }

  @DELETE
  @Path("/{id}")
  public Response deleteWebhook(@PathParam("id") UUID id) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    webhooks.delete(tenantId, id);
    return Response.noContent().build();
  }

  @GET
  @Path("/{id}/deliveries")
  public List<DeliveryView> listWebhookDeliveries(@PathParam("id") UUID id) {
    return webhooks.deliveries(tenant.tenantId(), id);
  }
}
