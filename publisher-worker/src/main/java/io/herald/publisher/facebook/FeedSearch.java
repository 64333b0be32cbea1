package io.herald.publisher.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Platform;
import io.herald.publisher.config.FacebookConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookPost.Kind;
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
    String textField = kind == Kind.VIDEO ? "description" : "message";
    Instant from = attemptStarted.minus(CLOCK_SKEW);
    Instant to = attemptStarted.plus(settle).plus(CLOCK_SKEW);
    List<String> candidates = new ArrayList<>();
    String after = null;
    for (int page = 0; page < config.searchMaxPages(); page++) {
      JsonNode answer = publisher.readEdge(credentials, kind == Kind.VIDEO ? "videos" : "feed",
          "id,created_time,application," + textField, from.getEpochSecond(), to.getEpochSecond() + 1, after);
      boolean pastWindow = false;
      for (JsonNode post : answer.path("data")) {
        Instant created = parseTime(post.path("created_time").asText(""));
        if (created == null || created.isAfter(to)) {
          continue;
        }
        if (created.isBefore(from)) {
          pastWindow = true;
          continue;
        }
        if (ownApp(post) && text.equals(normalize(post.path(textField).asText(""))) && !ledger.ownedByAnother(
            Platform.FACEBOOK, post.path("id").asText(), targetId)) {
          candidates.add(post.path("id").asText());
        }
      }
      after = answer.path("paging").path("cursors").path("after").asText("");
      if (pastWindow || after.isEmpty() || !answer.path("paging").has("next")) {
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
  private boolean ownApp(JsonNode post) {
    return config.appId().map(app -> app.equals(post.path("application").path("id").asText(null))).orElse(true);
  }

  /** Facebook stores text trimmed, with Windows line ends made Unix ones. */
  static String normalize(String text) {
    return text == null ? "" : text.replace("\r\n", "\n").strip();
  }

  private static Instant parseTime(String text) {
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
