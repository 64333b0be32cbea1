package io.herald.simulator.published;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every item created on either simulated platform, in creation order. */
@ApplicationScoped
public class PublishedStore {
  private final Queue<Publication> items = new ConcurrentLinkedQueue<>();

  public void add(Publication publication) {
    items.add(publication);
  }

  /** Items, optionally filtered by platform (case-insensitive) and account (Page id or open_id). */
  public List<PublishedItem> list(String platform, String account) {
    return items.stream()
        .map(Publication::view)
        .filter(item -> platform == null || platform.isBlank() || item.platform().equalsIgnoreCase(platform))
        .filter(item -> account == null || account.isBlank() || item.account().equals(account))
        .toList();
  }

  public void clear() {
    items.clear();
  }
}
