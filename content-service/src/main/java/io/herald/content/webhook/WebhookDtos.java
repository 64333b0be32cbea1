package io.herald.content.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response records of the webhooks API. */
public final class WebhookDtos {
  private WebhookDtos() {}

  /** {@code POST /api/v1/webhooks}: an https endpoint and the event types it wants. */
  public record CreateWebhookRequest(@NotBlank @Size(max = 2048) String url,
      @NotEmpty @Size(max = 20) List<@NotNull @Size(max = 64) String> events) {}

  /** A webhook as listed (never with its secret). */
  public record WebhookView(UUID id, String url, List<String> events, Instant createdAt) {}

  /** The answer to a create: the only time the signing secret is shown. */
  public record CreatedWebhookView(UUID id, String url, List<String> events, Instant createdAt, String secret) {}

  /** One delivery of an event to a webhook, with its outcome so far. */
  public record DeliveryView(UUID id, String event, String status, int attempts, Integer lastStatusCode,
      String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {}
}
