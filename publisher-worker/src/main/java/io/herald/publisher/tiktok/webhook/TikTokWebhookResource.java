package io.herald.publisher.tiktok.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.problem.ProblemException;
import io.herald.publisher.config.TikTokConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/**
 * Where TikTok delivers publish webhooks (the callback URL registered in TikTok's developer portal). Only requests
 * signed with the app's client secret are accepted; everything accepted answers 200 at once, so TikTok stops
 * retrying, and is applied from the stored event.
 */
@SecurityRequirements
@Path("/webhooks/tiktok")
@PermitAll
public class TikTokWebhookResource {
  private static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);
  /** TikTok retries a webhook for up to 72 hours: it comes back once the secret is configured. */
  private static final Duration NOT_CONFIGURED_RETRY_AFTER = Duration.ofMinutes(5);

  private final TikTokWebhooks webhooks;
  private final TikTokConfig config;
  private final ObjectMapper json;

  TikTokWebhookResource(TikTokWebhooks webhooks, TikTokConfig config, ObjectMapper json) {
    this.webhooks = webhooks;
    this.config = config;
    this.json = json;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "200", description = "Received (applied, a duplicate or unmatched)")
  @APIResponse(responseCode = "400", description = "The body is not TikTok's webhook envelope")
  @APIResponse(responseCode = "401", description = "The TikTok-Signature is missing, wrong or too old")
  public Response receiveTikTokWebhook(@HeaderParam("TikTok-Signature") String signature, String body) {
    String secret = config.clientSecret().orElseThrow(() -> ProblemException.unavailable(
        "TikTok webhooks need HERALD_TIKTOK_CLIENT_SECRET", NOT_CONFIGURED_RETRY_AFTER.toSeconds()));
    if (!TikTokWebhookSignature.verify(signature, body, secret, Instant.now(), SIGNATURE_TOLERANCE)) {
      throw new ProblemException(401, "bad-signature", "Unauthorized",
          "The TikTok-Signature header is missing, stale or does not match the body");
    }
    JsonNode envelope;
    JsonNode content;
    try {
      envelope = json.readTree(body);
      content = json.readTree(envelope.path("content").asText("{}"));
    } catch (IOException e) {
      throw ProblemException.badRequest("malformed-webhook", "The webhook body is not TikTok's JSON envelope");
    }
    String event = envelope.path("event").asText("");
    String publishId = content.path("publish_id").asText("");
    if (event.startsWith("post.publish.") && !publishId.isEmpty()) {
      webhooks.receive(new TikTokWebhookEvent(event, publishId, envelope.path("user_openid").asText(""),
          Instant.ofEpochSecond(envelope.path("create_time").asLong(Instant.now().getEpochSecond())),
          content.hasNonNull("post_id") ? content.path("post_id").asText() : null,
          content.hasNonNull("reason") ? content.path("reason").asText() : null));
    }
    return Response.ok(Map.of()).build();
  }
}
