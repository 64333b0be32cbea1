package io.herald.content.account;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * TikTok creators' settings for checking a new post's options (creator_info, through auth-service's internal
 * capabilities call, which keeps answers a minute and spends the creator's creator_info budget shared with publishing).
 * Answers are kept briefly here too ({@code quarkus.cache.caffeine."creator-info"}); a failure is not kept. When the
 * settings cannot be obtained (auth-service or TikTok down, slow or throttling), the answer is empty: the post is
 * accepted and the worker's pre-flight, which asks TikTok again before sending, decides.
 */
@ApplicationScoped
public class CreatorInfoClient {
  private final AuthServiceGateway gateway;
  private final Cache local;

  CreatorInfoClient(AuthServiceGateway gateway, @CacheName("creator-info") Cache local) {
    this.gateway = gateway;
    this.local = local;
  }

  /** The creator's settings behind a TikTok account, or empty when they cannot be obtained now. */
  public Optional<CreatorInfo> find(UUID accountId) {
    try {
      return Optional.ofNullable(local.get(accountId, gateway::creatorInfo).await().indefinitely());
    } catch (RuntimeException e) {
      Log.debugf("Creator info of account %s not available (%s); the worker checks it at publish", accountId,
          e.getMessage());
      return Optional.empty();
    }
  }
}
