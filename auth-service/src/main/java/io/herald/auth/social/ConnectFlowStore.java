package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.common.crypto.Secrets;
import io.herald.common.stream.Platform;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The connect flows in flight, in Redis (the architecture's "OAuth state"). A flow is a JSON value under its public
 * id; each step has a single-use key of its own, taken out atomically with GETDEL so that a step happens once: the
 * start link (keyed by the hash of its token), the platform's {@code state}, and the user's decision (confirm or
 * cancel). Every key lives {@code herald.connect.step-lifetime}, renewed at each step.
 */
@ApplicationScoped
public class ConnectFlowStore {
  private static final String PREFIX = "herald:auth:connect:";

  private final ValueCommands<String, ConnectFlow> flows;
  private final ValueCommands<String, String> steps;
  private final Duration lifetime;

  ConnectFlowStore(RedisDataSource redis, AuthConfig.Connect config) {
    this.flows = redis.value(ConnectFlow.class);
    this.steps = redis.value(String.class);
    this.lifetime = config.stepLifetime();
  }

  /** Where a flow stands. */
  public enum Stage { CREATED, STARTED, AUTHORIZED }

  /**
   * One connect. {@code bindingHash}: SHA-256 of the browser cookie set at the start link; {@code csrfHash}: SHA-256
   * of the confirmation form's token; {@code sealedResult}: the platform's answer (tokens included), encrypted with
   * the token cipher and bound to this flow, waiting for the user's decision.
   */
  public record ConnectFlow(String id, UUID tenantId, UUID userId, Platform platform, String returnUrl,
      Stage stage, String codeVerifier, String bindingHash, String csrfHash, String sealedResult) {

    ConnectFlow started(String bindingHash, String codeVerifier) {
      return new ConnectFlow(id, tenantId, userId, platform, returnUrl, Stage.STARTED, codeVerifier, bindingHash,
          null, null);
    }

    ConnectFlow authorized(String csrfHash, String sealedResult) {
      return new ConnectFlow(id, tenantId, userId, platform, returnUrl, Stage.AUTHORIZED, null, bindingHash,
          csrfHash, sealedResult);
    }

    /** The encryption context of {@link #sealedResult}. */
    String resultContext() {
      return "connect_flow:" + id + ":result";
    }
  }

  public Duration lifetime() {
    return lifetime;
  }

  public void save(ConnectFlow flow) {
    flows.setex(PREFIX + "flow:" + flow.id(), lifetime.toSeconds(), flow);
  }

  public Optional<ConnectFlow> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 100) {
      return Optional.empty();
    }
    return Optional.ofNullable(flows.get(PREFIX + "flow:" + id));
  }

  public void delete(String id) {
    flows.getdel(PREFIX + "flow:" + id);
  }

  /** A single-use step key of {@code kind} ("start", "state", "decision") naming the flow. */
  public void openStep(String kind, String token, String flowId) {
    steps.setex(stepKey(kind, token), lifetime.toSeconds(), flowId);
  }

  /** Takes the step out (GETDEL): answers the flow id once, then nothing. */
  public Optional<String> takeStep(String kind, String token) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      return Optional.empty();
    }
    return Optional.ofNullable(steps.getdel(stepKey(kind, token)));
  }

  private static String stepKey(String kind, String token) {
    return PREFIX + kind + ":" + Secrets.sha256Hex(token);
  }
}
