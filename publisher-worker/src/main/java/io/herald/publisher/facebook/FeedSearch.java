package io.herald.publisher.facebook;

import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Platform;
import io.herald.publisher.config.FacebookConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookPost.Kind;
import io.herald.publisher.facebook.GraphRestClient.Paging;
import io.herald.publisher.facebook.GraphRestClient.Post;
import io.herald.publisher.facebook.GraphRestClient.Posts;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.publish.Published;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Looks for a post on its Page when Herald holds no id of it: only for a send that was under way before Herald
 * created posts unpublished first (an upgrade), since every newer send publishes an object whose id the ledger holds.
 * It never guesses: it reads the Page's feed (or videos) page by page back to before the attempt started, keeps only
 * posts created within the attempt's window by Herald's own app, never takes a post another target owns, never
 * matches empty text, and answers AMBIGUOUS when more than one post fits.
 */
@ApplicationScoped
public class FeedSearch {
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
  /** Tolerated clock difference between Herald and Facebook. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  public enum Verdict {
    FOUND,
    ABSENT,
    AMBIGUOUS
  }

  public record Result(Verdict verdict, Published published, String reason) {}

  private final FacebookPublisher publisher;
  private final FacebookConfig config;
  private final Ledger ledger;

  FeedSearch(FacebookPublisher publisher, FacebookConfig config, Ledger ledger) {
    this.publisher = publisher;
    this.config = config;
    this.ledger = ledger;
  }

  /**
   * Searches the posts created between {@code attemptStarted} and {@code attemptStarted + settle} (each widened by
   * the clock skew) for the target's post.
   */
  public Result search(Credentials credentials, UUID targetId, JobPayload payload, Instant attemptStarted,
      Duration settle) {
    String text = normalize(payload.text());
    if (text.isEmpty()) {
      return new Result(Verdict.AMBIGUOUS, null,
          "The post has no text and Herald holds no id of it: nothing on the Page can be known as its own");
    }
    Kind kind = FacebookPost.kindOf(payload);
    Instant from = attemptStarted.minus(CLOCK_SKEW);
    Instant to = attemptStarted.plus(settle).plus(CLOCK_SKEW);
    List<String> candidates = new ArrayList<>();
    String after = null;
    for (int page = 0; page < config.searchMaxPages(); page++) {
      Posts answer = publisher.posts(credentials, kind == Kind.VIDEO ? "videos" : "feed",
          "id,created_time,application," + (kind == Kind.VIDEO ? "description" : "message"), from.getEpochSecond(),
          to.getEpochSecond() + 1, after);
      boolean pastWindow = false;
      for (Post post : answer == null || answer.data() == null ? List.<Post>of() : answer.data()) {
        Instant created = parseTime(post.createdTime());
        if (created == null || created.isAfter(to)) {
          continue;
        }
        if (created.isBefore(from)) {
          pastWindow = true;
          continue;
        }
        String postText = kind == Kind.VIDEO ? post.description() : post.message();
        if (ownApp(post) && text.equals(normalize(postText))
            && !ledger.ownedByAnother(Platform.FACEBOOK, post.id(), targetId)) {
          candidates.add(post.id());
        }
      }
      Paging paging = answer == null ? null : answer.paging();
      after = paging == null || paging.cursors() == null ? null : paging.cursors().after();
      if (pastWindow || after == null || after.isEmpty() || paging.next() == null) {
        break;
      }
    }
    if (candidates.size() > 1) {
      return new Result(Verdict.AMBIGUOUS, null, candidates.size() + " posts of Herald's app with the same text were"
          + " created on the Page while the send was under way; none can be told apart as this target's");
    }
    if (candidates.isEmpty()) {
      return new Result(Verdict.ABSENT, null, "No post of Herald's app with this text was created on the Page while"
          + " the send was under way");
    }
    String id = candidates.getFirst();
    return new Result(Verdict.FOUND, FacebookPublisher.published(credentials.externalId(), kind, id), null);
  }

  /** Posts made by the Page's admins on facebook.com or by other apps are never Herald's. */
  private boolean ownApp(Post post) {
    String app = post.application() == null ? null : post.application().id();
    return config.appId().map(own -> own.equals(app)).orElse(true);
  }

  /** Facebook stores text trimmed, with Windows line ends made Unix ones. */
  static String normalize(String text) {
    return text == null ? "" : text.replace("\r\n", "\n").strip();
  }

  private static Instant parseTime(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, GRAPH_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }
}
