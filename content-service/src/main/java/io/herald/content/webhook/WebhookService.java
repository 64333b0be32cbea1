package io.herald.content.webhook;

import io.herald.common.delivery.OutboundAddresses;
import io.herald.common.problem.Problem.FieldError;
import io.herald.common.problem.ProblemException;
import io.herald.content.config.ContentConfig;
import io.herald.content.webhook.WebhookDtos.CreateWebhookRequest;
import io.herald.content.webhook.WebhookDtos.CreatedWebhookView;
import io.herald.content.webhook.WebhookDtos.DeliveryView;
import io.herald.content.webhook.WebhookDtos.WebhookView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Registration of tenant webhooks and their delivery log, always within one tenant. */
@ApplicationScoped
public class WebhookService {
  private final WebhookRepository webhooks;
  private final WebhookDeliveries deliveries;
  private final WebhookSecrets secrets;
  private final ContentConfig config;
  private final OutboundAddresses addresses;

  WebhookService(WebhookRepository webhooks, WebhookDeliveries deliveries, WebhookSecrets secrets,
      ContentConfig config, OutboundAddresses addresses) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.secrets = secrets;
    this.config = config;
    this.addresses = addresses;
  }

  @Transactional
  public CreatedWebhookView create(UUID tenantId, CreateWebhookRequest request) {
    var errors = new ArrayList<FieldError>();
    addresses.formProblem(request.url()).ifPresent(problem -> errors.add(new FieldError("url", problem)));
    for (int i = 0; i < request.events().size(); i++) {
      if (!WebhookEvents.ALL.contains(request.events().get(i))) {
        errors.add(new FieldError("events[" + i + "]", "must be one of " + String.join(", ",
            WebhookEvents.ALL.stream().sorted().toList())));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    int limit = config.webhooks().maxPerTenant();
    if (webhooks.countInTenantLocked(tenantId) >= limit) {
      throw ProblemException.unprocessable("webhook-limit", "A tenant may have at most " + limit
          + " webhooks; delete one first", List.of());
    }
    String secret = WebhookSecrets.newSecret();
    var webhook = new Webhook();
    webhook.id = UUID.randomUUID();
    webhook.tenantId = tenantId;
    webhook.url = request.url();
    webhook.events = String.join(",", request.events().stream().distinct().sorted().toList());
    webhook.secretEnc = secrets.seal(webhook.id, secret);
    webhook.createdAt = Instant.now();
    webhooks.persist(webhook);
    return new CreatedWebhookView(webhook.id, webhook.url, webhook.eventList(), webhook.createdAt, secret);
  }

  public List<WebhookView> list(UUID tenantId) {
    return webhooks.listInTenant(tenantId).stream().map(WebhookService::view).toList();
  }

  public WebhookView get(UUID tenantId, UUID id) {
    return view(find(tenantId, id));
  }

  @Transactional
  public void delete(UUID tenantId, UUID id) {
    if (!webhooks.deleteInTenant(tenantId, id)) {
      throw notFound(id);
    }
  }

  /** The last 100 deliveries to the webhook, newest first. */
  public List<DeliveryView> deliveries(UUID tenantId, UUID id) {
    find(tenantId, id);
    return deliveries.latest(tenantId, id, 100).stream().map(d -> new DeliveryView(d.id, d.event, d.status.name(),
        d.attempts, d.lastStatusCode, d.lastError, d.createdAt,
        d.status == WebhookDelivery.Status.PENDING ? d.nextAttemptAt : null, d.deliveredAt)).toList();
  }

  private Webhook find(UUID tenantId, UUID id) {
    return webhooks.findInTenant(tenantId, id).orElseThrow(() -> notFound(id));
  }

  private static ProblemException notFound(UUID id) {
    return ProblemException.notFound("Webhook " + id);
  }

  private static WebhookView view(Webhook webhook) {
    return new WebhookView(webhook.id, webhook.url, webhook.eventList(), webhook.createdAt);
  }
}
