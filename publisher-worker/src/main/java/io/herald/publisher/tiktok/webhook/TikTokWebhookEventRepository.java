package io.herald.publisher.tiktok.webhook;

import io.herald.common.stream.Platform;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
class TikTokWebhookEventRepository implements PanacheRepositoryBase<TikTokWebhookEvent, Long> {

  /** The newest event that ends a publish (complete, failed, delivered to the inbox). */
  Optional<TikTokWebhookEvent> finalEvent(String publishId) {
    return find("publishId = ?1 and event in ?2", Sort.descending("createdAt"), publishId,
        List.of(TikTokWebhookEvent.COMPLETE, TikTokWebhookEvent.FAILED, TikTokWebhookEvent.INBOX_DELIVERED))
        .firstResultOptional();
  }

  /** The publishes of a creator that no target holds, whose first event came at or after {@code from}. */
  List<String> unheldPublishesSince(String openId, Instant from) {
    return getEntityManager().createQuery("select e.publishId from TikTokWebhookEvent e where e.openId = :openId"
            + " and not exists (select 1 from LedgerRow l where l.platform = :platform and l.publishId = e.publishId)"
            + " group by e.publishId having min(e.createdAt) >= :from", String.class)
        .setParameter("openId", openId).setParameter("platform", Platform.TIKTOK).setParameter("from", from)
        .getResultList();
  }
}
