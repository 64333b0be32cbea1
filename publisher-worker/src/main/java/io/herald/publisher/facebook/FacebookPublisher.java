package io.herald.publisher.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.publisher.config.FacebookConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.Pauses;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.PlatformResponse;
import io.herald.publisher.publish.PlatformServerError;
import io.herald.publisher.publish.Published;
import io.herald.publisher.publish.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Publishes to a Facebook Page (platform-apis.md §A2): text/link to {@code /feed}, one photo to {@code /photos},
 * several photos as unpublished uploads attached to a feed post, a video by {@code file_url} on graph-video.
 * Failures are thrown as {@link PlatformFailure}; an open breaker as the breaker's own exception.
 */
@ApplicationScoped
public class FacebookPublisher {
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
  /** Tolerated clock difference between us and Facebook when matching a post's created_time. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  private final FacebookClient client;
  private final FacebookConfig config;
  private final Pauses pauses;

  FacebookPublisher(FacebookClient client, FacebookConfig config, Pauses pauses) {
    this.client = client;
    this.config = config;
    this.pauses = pauses;
  }

  /** The pause scope of a Page (throttling is per Page token). */
  public static String pauseScope(String pageId) {
    return "facebook:" + pageId;
  }

  /** Everything before the create call: checks the media and uploads photos of a multi-photo post unpublished. */
  public FacebookPost prepare(Credentials credentials, JobPayload payload) {
    String text = payload.text() == null ? "" : payload.text();
    List<Media> images = payload.media().stream().filter(m -> m.type() == Media.Type.IMAGE).toList();
    List<Media> videos = payload.media().stream().filter(m -> m.type() == Media.Type.VIDEO).toList();
    if (!videos.isEmpty()) {
      if (videos.size() > 1 || !images.isEmpty()) {
        throw permanent("facebook:unsupported_media", "A Facebook post takes one video, or photos, not both");
      }
      var body = new LinkedHashMap<String, Object>();
      body.put("file_url", videos.get(0).url());
      body.put("description", text);
      body.put("published", true);
      return new FacebookPost(FacebookPost.Kind.VIDEO, body, text);
    }
    if (images.size() == 1) {
      var body = new LinkedHashMap<String, Object>();
      body.put("url", images.get(0).url());
      body.put("caption", text);
      body.put("published", true);
      return new FacebookPost(FacebookPost.Kind.PHOTO, body, text);
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("message", text);
    if (images.size() > 1) {
      List<Map<String, String>> attached = new ArrayList<>();
      for (Media image : images) {
        String photoId = uploadUnpublished(credentials, image.url());
        attached.add(Map.of("media_fbid", photoId));
      }
      body.put("attached_media", attached);
    } else if (payload.link() != null && !payload.link().isBlank()) {
      body.put("link", payload.link());
    }
    if (text.isBlank() && !body.containsKey("link") && !body.containsKey("attached_media")) {
      throw permanent("facebook:empty_post", "A Facebook post needs text, a link or media");
    }
    return new FacebookPost(FacebookPost.Kind.FEED, body, text);
  }

  /** The create call itself: exactly what the ledger's SENDING row guards. */
  public Published create(Credentials credentials, FacebookPost post) {
    String page = credentials.externalId();
    String version = config.apiVersion();
    Function<FacebookClient.Graph, Response> request = switch (post.kind()) {
      case FEED -> g -> g.graph().feed(version, page, credentials.bearer(), post.body());
      case PHOTO -> g -> g.graph().photos(version, page, credentials.bearer(), post.body());
      case VIDEO -> g -> g.video().videos(version, page, credentials.bearer(), post.body());
    };
    JsonNode answer = send(page, request, true).json();
    return switch (post.kind()) {
      case FEED -> published(answer.path("id").asText(null));
      case PHOTO -> published(answer.path("post_id").asText(answer.path("id").asText(null)));
      case VIDEO -> {
        String videoId = answer.path("id").asText(null);
        yield new Published(videoId, videoId == null ? null : "https://www.facebook.com/" + page + "/videos/" + videoId);
      }
    };
  }

  /**
   * Looks for the post on the Page's feed: the exact text, created after the attempt started. This is how an
   * unknown outcome (timeout, lost answer, crash after the call) is resolved without posting twice.
   */
  public Optional<Published> findOnFeed(Credentials credentials, String message, Instant attemptStartedAt) {
    String page = credentials.externalId();
    JsonNode feed = send(page, g -> g.graph().readFeed(config.apiVersion(), page, credentials.bearer(),
        "id,message,created_time", config.reconcileFeedLimit()), false).json();
    Instant notBefore = attemptStartedAt.minus(CLOCK_SKEW);
    for (JsonNode post : feed.path("data")) {
      String postMessage = post.path("message").asText("");
      Instant created = parseTime(post.path("created_time").asText(""));
      if (Objects.equals(postMessage, message == null ? "" : message) && created != null && !created.isBefore(notBefore)) {
        return Optional.of(published(post.path("id").asText()));
      }
    }
    return Optional.empty();
  }

  private String uploadUnpublished(Credentials credentials, String url) {
    String page = credentials.externalId();
    var body = Map.<String, Object>of("url", url, "published", false);
    JsonNode answer = send(page, g -> g.graph().photos(config.apiVersion(), page, credentials.bearer(), body), false)
        .json();
    String id = answer.path("id").asText("");
    if (id.isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:bad_answer", "Photo upload returned no id"));
    }
    return id;
  }

  private PlatformResponse send(String pageId, Function<FacebookClient.Graph, Response> request, boolean createCall) {
    PlatformResponse response;
    try {
      response = client.call(request);
    } catch (PlatformServerError e) {
      throw new PlatformFailure(FacebookErrors.classify(e.response(), createCall), e);
    } catch (TimeoutException e) {
      throw new PlatformFailure(PlatformError.of(createCall ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
          "facebook:timeout", "The Graph API did not answer in time"), e);
    } catch (ProcessingException e) {
      boolean unknown = createCall && !Transport.neverConnected(e);
      throw new PlatformFailure(PlatformError.of(unknown ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
          "facebook:network", "The Graph API could not be reached: " + e.getMessage()), e);
    }
    if (FacebookErrors.usagePercent(response) >= config.usagePauseThreshold()) {
      Duration regain = FacebookErrors.regainAccess(response);
      pauses.pause(pauseScope(pageId), regain != null ? regain : Duration.ofMinutes(1));
    }
    if (!response.isSuccess()) {
      throw new PlatformFailure(FacebookErrors.classify(response, createCall));
    }
    return response;
  }

  private static Published published(String postId) {
    if (postId == null || postId.isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:bad_answer",
          "The Graph API accepted the post but returned no id"));
    }
    return new Published(postId, "https://www.facebook.com/" + postId);
  }

  private static PlatformFailure permanent(String code, String message) {
    return new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, code, message));
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
