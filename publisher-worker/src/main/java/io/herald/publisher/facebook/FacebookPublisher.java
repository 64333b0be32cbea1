package io.herald.publisher.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.publisher.config.FacebookConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookPost.Kind;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Publishes to a Facebook Page in two steps (platform-apis.md §D): first an unpublished object is created (a Page post
 * with {@code published=false}, photos attached as unpublished uploads, or a video with {@code published=false}),
 * whose id Herald keeps; then that object is published by id. A lost answer to the first step leaves at most an
 * invisible object behind; a lost answer to the second is resolved by reading the object, and publishing the same
 * object twice cannot make two posts. Failures are thrown as {@link PlatformFailure}; an open breaker as the
 * breaker's own exception.
 */
@ApplicationScoped
public class FacebookPublisher {
  /** What Facebook says of an object Herald created unpublished. */
  public enum ObjectState {
    PUBLISHED,
    UNPUBLISHED,
    /** Facebook no longer shows it: deleted (before or after it was published), or hidden from this token. */
    GONE
  }

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

  /**
   * Everything before the unpublished object exists: checks the media and uploads the photos unpublished (an
   * upload is invisible, so a lost answer only leaves an unused upload behind).
   */
  public FacebookPost prepare(Credentials credentials, JobPayload payload) {
    String text = payload.text() == null ? "" : payload.text();
    List<Media> images = payload.media().stream().filter(m -> m.type() == Media.Type.IMAGE).toList();
    List<Media> videos = payload.media().stream().filter(m -> m.type() == Media.Type.VIDEO).toList();
    var body = new LinkedHashMap<String, Object>();
    if (!videos.isEmpty()) {
      if (videos.size() > 1 || !images.isEmpty()) {
        throw permanent("facebook:unsupported_media", "A Facebook post takes one video, or photos, not both");
      }
      body.put("file_url", videos.get(0).url());
      if (!text.isEmpty()) {
        body.put("description", text);
      }
      body.put("published", false);
      return new FacebookPost(Kind.VIDEO, body, text);
    }
    if (!text.isEmpty()) {
      body.put("message", text);
    }
    if (!images.isEmpty()) {
      List<Map<String, String>> attached = new ArrayList<>();
      for (Media image : images) {
        attached.add(Map.of("media_fbid", uploadUnpublished(credentials, image.url())));
      }
      body.put("attached_media", attached);
    } else if (payload.link() != null && !payload.link().isBlank()) {
      body.put("link", payload.link());
    }
    if (body.isEmpty()) {
      throw permanent("facebook:empty_post", "A Facebook post needs text, a link or media");
    }
    body.put("published", false);
    return new FacebookPost(Kind.FEED, body, text);
  }

  /** Creates the post's unpublished object; answers its id (nothing is public yet). */
  public String createUnpublished(Credentials credentials, FacebookPost post) {
    String page = credentials.externalId();
    String version = config.apiVersion();
    JsonNode answer = send(page, post.kind() == Kind.VIDEO
        ? g -> g.video().videos(version, page, credentials.bearer(), post.body())
        : g -> g.graph().feed(version, page, credentials.bearer(), post.body()), true).json();
    String id = answer.path("id").asText("");
    if (id.isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:bad_answer",
          "The Graph API accepted the unpublished post but returned no id"));
    }
    return id;
  }

  /** Publishes the object by id: the one call that makes the post public. */
  public void publish(Credentials credentials, Kind kind, String objectId) {
    Map<String, Object> body = Map.of(kind == Kind.VIDEO ? "published" : "is_published", true);
    JsonNode answer = send(credentials.externalId(),
        g -> g.graph().update(config.apiVersion(), objectId, credentials.bearer(), body), true).json();
    if (answer.has("success") && !answer.path("success").asBoolean()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:not_successful",
          "The Graph API answered success=false to publishing " + objectId));
    }
  }

  /** Reads whether the object is public yet. */
  public ObjectState readState(Credentials credentials, Kind kind, String objectId) {
    String fields = kind == Kind.VIDEO ? "id,published" : "id,is_published";
    JsonNode object;
    try {
      object = send(credentials.externalId(),
          g -> g.graph().read(config.apiVersion(), objectId, credentials.bearer(), fields), false).json();
    } catch (PlatformFailure f) {
      if (FacebookErrors.isMissingObject(f.error())) {
        return ObjectState.GONE;
      }
      throw f;
    }
    JsonNode flag = object.path(kind == Kind.VIDEO ? "published" : "is_published");
    if (!flag.isBoolean()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:bad_answer",
          "The Graph API did not say whether " + objectId + " is published"));
    }
    return flag.asBoolean() ? ObjectState.PUBLISHED : ObjectState.UNPUBLISHED;
  }

  /** Where a published object lives. */
  public static Published published(String pageId, Kind kind, String objectId) {
    return kind == Kind.VIDEO
        ? new Published(objectId, "https://www.facebook.com/" + pageId + "/videos/" + objectId)
        : new Published(objectId, "https://www.facebook.com/" + objectId);
  }

  /** One page of a Page's edge ({@code feed}, {@code videos}), for {@link FeedSearch}. */
  JsonNode readEdge(Credentials credentials, String edge, String fields, long since, long until, String after) {
    String page = credentials.externalId();
    return send(page, g -> g.graph().edge(config.apiVersion(), page, edge, credentials.bearer(), fields, 100, since,
        until, after), false).json();
  }

  private String uploadUnpublished(Credentials credentials, String url) {
    String page = credentials.externalId();
    var body = Map.<String, Object>of("url", url, "published", false);
    JsonNode answer = send(page, g -> g.graph().photos(config.apiVersion(), page, credentials.bearer(), body), true)
        .json();
    String id = answer.path("id").asText("");
    if (id.isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:bad_answer",
          "Photo upload returned no id"));
    }
    return id;
  }

  private PlatformResponse send(String pageId, Function<FacebookClient.Graph, Response> request, boolean sideEffect) {
    PlatformResponse response;
    try {
      response = client.call(request);
    } catch (PlatformServerError e) {
      throw new PlatformFailure(FacebookErrors.classify(e.response(), sideEffect), e);
    } catch (TimeoutException e) {
      throw new PlatformFailure(PlatformError.of(sideEffect ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
          "facebook:timeout", "The Graph API did not answer in time"), e);
    } catch (ProcessingException e) {
      boolean unknown = sideEffect && !Transport.neverConnected(e);
      throw new PlatformFailure(PlatformError.of(unknown ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
          "facebook:network", "The Graph API could not be reached: " + e.getMessage()), e);
    }
    if (FacebookErrors.usagePercent(response) >= config.usagePauseThreshold()) {
      Duration regain = FacebookErrors.regainAccess(response);
      pauses.pause(pauseScope(pageId), regain != null ? regain : Duration.ofMinutes(1));
    }
    if (!response.isSuccess()) {
      throw new PlatformFailure(FacebookErrors.classify(response, sideEffect));
    }
    return response;
  }

  private static PlatformFailure permanent(String code, String message) {
    return new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, code, message));
  }
}
