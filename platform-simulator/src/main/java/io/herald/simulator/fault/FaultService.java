package io.herald.simulator.fault;

import io.herald.simulator.control.ControlException;
import io.herald.simulator.core.Endpoint;
import io.herald.simulator.core.PlainError;
import io.herald.simulator.core.PlatformException;
import io.herald.simulator.facebook.GraphException;
import io.herald.simulator.tiktok.TikTokApiException;
import io.herald.simulator.tiktok.TikTokOAuthException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** The injected faults, and the decision whether one fires on a call. */
@ApplicationScoped
public class FaultService {
  private static final long MAX_LATENCY_MS = 300_000;
  /** Endpoints whose accepted media a FAIL_PROCESSING fault makes fail in processing. */
  private static final java.util.Set<Endpoint> PROCESSING_ENDPOINTS = java.util.Set.of(Endpoint.TIKTOK_VIDEO_INIT,
      Endpoint.TIKTOK_INBOX_INIT, Endpoint.TIKTOK_CONTENT_INIT, Endpoint.FACEBOOK_VIDEOS, Endpoint.FACEBOOK_REELS,
      Endpoint.FACEBOOK_VIDEO_STORIES);

  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();

  /** Validates and activates a fault; a bad request is a 422 problem and activates nothing. */
  public FaultRule add(FaultRequest request) {
    if (request == null || request.endpoint() == null) {
      throw ControlException.invalid("endpoint", "is required");
    }
    Endpoint endpoint = Endpoint.byKey(request.endpoint()).orElseThrow(() -> ControlException.invalid("endpoint",
        "is not a known endpoint key; one of " + Arrays.stream(Endpoint.values()).map(Endpoint::key)
            .collect(Collectors.joining(", "))));
    FaultMode mode = request.mode() != null ? request.mode()
        : request.status() != null ? FaultMode.FAIL : FaultMode.DELAY;
    if (request.probability() != null && (request.probability() < 0 || request.probability() > 1)) {
      throw ControlException.invalid("probability", "must be between 0 and 1");
    }
    if (request.count() != null && request.count() < 1) {
      throw ControlException.invalid("count", "must be at least 1");
    }
    if (request.latencyMs() != null && (request.latencyMs() < 0 || request.latencyMs() > MAX_LATENCY_MS)) {
      throw ControlException.invalid("latencyMs", "must be between 0 and " + MAX_LATENCY_MS);
    }
    boolean tiktokBody = endpoint.family() == Endpoint.Family.TIKTOK_API
        || endpoint.family() == Endpoint.Family.TIKTOK_OAUTH;
    if (request.status() != null && (request.status() > 599
        || request.status() < (tiktokBody ? 200 : 400) || (request.status() < 400 && request.status() != 200))) {
      throw ControlException.invalid("status", tiktokBody
          ? "must be 200 (TikTok errors seen with HTTP 200) or an HTTP error status (400-599)"
          : "must be an HTTP error status (400-599)");
    }
    if ((mode == FaultMode.DELAY || mode == FaultMode.SUCCEED_THEN_LATE)
        && (request.latencyMs() == null || request.latencyMs() == 0)) {
      throw ControlException.invalid("latencyMs", "is required for mode " + mode);
    }
    if (mode == FaultMode.FAIL_PROCESSING && !PROCESSING_ENDPOINTS.contains(endpoint)) {
      throw ControlException.invalid("mode", "FAIL_PROCESSING applies to the TikTok init endpoints and Facebook's"
          + " facebook.videos, facebook.video_reels and facebook.video_stories only");
    }
    if (endpoint.family() == Endpoint.Family.OUTGOING && mode != FaultMode.FAIL && mode != FaultMode.DELAY) {
      throw ControlException.invalid("mode", "of a webhook fault is FAIL (drop the event) or DELAY (deliver it late)");
    }
    if (mode == FaultMode.FAIL && endpoint.family() == Endpoint.Family.GRAPH && request.code() != null
        && !request.code().matches("\\d{1,9}")) {
      throw ControlException.invalid("code", "of a Graph error is a number");
    }
    var rule = new FaultRule("f" + sequence.incrementAndGet(), endpoint, mode, request);
    rules.add(rule);
    Log.infof("Fault %s active on %s: %s", rule.id(), endpoint.key(), mode);
    return rule;
  }

  public List<FaultRule.View> list() {
    return rules.stream().map(FaultRule::view).toList();
  }

  public void clear() {
    rules.clear();
  }

  public boolean remove(String id) {
    return rules.removeIf(rule -> rule.id().equals(id));
  }

  /** The fault that fires on this call, if any (claims one of its firings). */
  public Optional<FaultRule> fire(Endpoint endpoint) {
    for (FaultRule rule : rules) {
      if (rule.endpoint() != endpoint || rule.exhausted()) {
        continue;
      }
      double probability = rule.probability();
      if (probability < 1 && ThreadLocalRandom.current().nextDouble() >= probability) {
        continue;
      }
      if (rule.claim()) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /** The error an injected FAIL fault answers, in the endpoint's documented error shape. */
  public static PlatformException errorFor(FaultRule rule) {
    FaultRequest r = rule.request();
    int status = r.status() == null ? 500 : r.status();
    return switch (rule.endpoint().family()) {
      case GRAPH -> {
        int code = r.code() == null ? (status >= 500 ? 2 : 100) : Integer.parseInt(r.code());
        String message = r.message() != null ? r.message()
            : code == 2 ? "(#2) Service temporarily unavailable" : "(#" + code + ") Simulated error";
        boolean isTransient = r.isTransient() != null ? r.isTransient() : code == 1 || code == 2;
        yield new GraphException(status, code, r.subcode(), r.type() == null ? "OAuthException" : r.type(), message,
            isTransient);
      }
      case TIKTOK_API -> new TikTokApiException(status, r.code() == null ? defaultTikTokCode(status) : r.code(),
          r.message() == null ? "Simulated error" : r.message());
      case TIKTOK_OAUTH -> new TikTokOAuthException(status, r.code() == null ? "invalid_request" : r.code(),
          r.message() == null ? "Simulated error" : r.message());
      case PLAIN, REDIRECT, OUTGOING -> new PlainError(status, r.message() == null ? "Simulated error" : r.message());
    };
  }

  private static String defaultTikTokCode(int status) {
    return switch (status) {
      case 401 -> "access_token_invalid";
      case 429 -> "rate_limit_exceeded";
      case 400 -> "invalid_param";
      default -> status >= 500 ? "internal_error" : "invalid_param";
    };
  }
}
