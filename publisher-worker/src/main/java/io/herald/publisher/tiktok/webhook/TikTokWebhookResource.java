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
  /** Longest event name, publish id, open id or post id kept (TikTok's are far shorter). */
  private static final int ID_MAX = 255;
  /** Longest failure reason kept. */
  private static final int REASON_MAX = 4096;
  /** 9999-12-31T23:59:59Z: a later {@code create_time} is no time TikTok sent. */
  private static final long CREATE_TIME_MAX = 253_402_300_799L;

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
    String event = text(envelope, "event", ID_MAX);
    String publishId = text(content, "publish_id", ID_MAX);
    if (event != null && event.startsWith("post.publish.") && publishId != null && !publishId.isEmpty()) {
      String openId = text(envelope, "user_openid", ID_MAX);
      webhooks.receive(new TikTokWebhookEvent(event, publishId, openId == null ? "" : openId, createTime(envelope),
          text(content, "post_id", ID_MAX), text(content, "reason", REASON_MAX)));
    }
    return Response.ok(Map.of()).build();
  }

  /**
   * A field's text, null when absent; refused (400) when it could not be stored: a NUL character (PostgreSQL cannot
   * keep one), or longer than TikTok's values ever are (ids are indexed, and an index entry has a size limit).
   */
  private static String text(JsonNode node, String field, int max) {
    if (!node.hasNonNull(field)) {
      return null;
    }
    String value = node.path(field).asText();
    if (value.indexOf('\0') >= 0 || value.length() > max) {
      throw ProblemException.badRequest("malformed-webhook", "The webhook's " + field + " holds a NUL character or"
          + " is longer than " + max + " characters");
    }
    return value;
  }

  /** {@code create_time} in Unix seconds (now when absent); a time outside years 1970 to 9999 is refused (400). */
  private static Instant createTime(JsonNode envelope) {
    long seconds = envelope.path("create_time").asLong(Instant.now().getEpochSecond());
    if (seconds < 0 || seconds > CREATE_TIME_MAX) {
      throw ProblemException.badRequest("malformed-webhook", "The webhook's create_time is not a time in Unix"
          + " seconds from 1970 to 9999");
    }
    return Instant.ofEpochSecond(seconds);
  }
}
