package io.herald.content.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.problem.Problem.FieldError;
import io.herald.common.problem.ProblemException;
import io.herald.common.stream.ResultMessage;
import io.herald.content.account.SocialAccount;
import io.herald.content.config.ContentConfig;
import io.herald.content.post.TargetMove.Change;
import io.herald.content.post.dto.AttemptView;
import io.herald.content.post.dto.CreatePostRequest;
import io.herald.content.post.dto.PatchPostRequest;
import io.herald.content.post.dto.PostPage;
import io.herald.content.post.dto.PostView;
import io.herald.content.post.dto.ResolveTargetRequest;
import io.herald.content.post.dto.TargetView;
import io.herald.content.post.dto.ValidationView;
import io.herald.content.schedule.Outbox;
import io.herald.content.webhook.WebhookEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The rules of the posts API: create (idempotent), read, list, change, cancel, retry and resolve an unknown outcome,
 * always within one tenant.
 */
@ApplicationScoped
public class PostService {
  private final PostRepository posts;
  private final PostValidator validator;
  private final IdempotencyStore idempotency;
  private final Outbox outbox;
  private final WebhookEvents webhooks;
  private final ContentConfig config;
  private final ObjectMapper json;
  private final MeterRegistry metrics;
  private final Clock clock = Clock.systemUTC();

  PostService(PostRepository posts, PostValidator validator, IdempotencyStore idempotency, Outbox outbox,
      WebhookEvents webhooks, ContentConfig config, ObjectMapper json, MeterRegistry metrics) {
    this.posts = posts;
    this.validator = validator;
    this.idempotency = idempotency;
    this.outbox = outbox;
    this.webhooks = webhooks;
    this.config = config;
    this.json = json;
    this.metrics = metrics;
  }

  /** The answer to a create: the stored post's JSON (first response or its replay). */
  public record Created(UUID id, int status, String body, boolean replayed) {}

  public Created create(UUID tenantId, CreatePostRequest request, String idempotencyKey) {
    Instant now = clock.instant();
    String hash = idempotencyKey == null ? null : hash(request);
    if (idempotencyKey != null) {
      checkKey(idempotencyKey);
      var earlier = idempotency.find(tenantId, idempotencyKey, now.minus(config.idempotencyTtl()));
      if (earlier.isPresent() && earlier.get().response() != null) {
        return replay(earlier.get(), hash);
      }
    }
    List<SocialAccount> accounts = validator.validateNew(request, tenantId, now);
    String traceparent = Traceparent.current();
    return QuarkusTransaction.requiringNew().call(() -> {
      if (idempotencyKey != null
          && !idempotency.claim(tenantId, idempotencyKey, hash, now, now.minus(config.idempotencyTtl()))) {
        var first = idempotency.find(tenantId, idempotencyKey, now.minus(config.idempotencyTtl()))
            .orElseThrow(() -> ProblemException.conflict("idempotency-in-progress",
                "A request with this Idempotency-Key is still being processed; retry shortly"));
        return replay(first, hash);
      }
      Post post = new Post(UUID.randomUUID(), tenantId, request.text(), request.link(),
          PostValidator.toMedia(request.mediaOrEmpty()), request.priorityOrDefault(),
          request.scheduledAt() == null ? now : request.scheduledAt(), now, now, 1, traceparent);
      var targets = new ArrayList<PostTarget>();
      for (int i = 0; i < request.targets().size(); i++) {
        var target = request.targets().get(i);
        targets.add(new PostTarget(UUID.randomUUID(), tenantId, post.id(), i, target.socialAccountId(),
            accounts.get(i).platform(), target.optionsOrNone(), TargetStatus.SCHEDULED, 0, post.scheduledAt(), now,
            null, null, null, null, null, null));
      }
      posts.insert(post, targets);
      String body = write(view(post, targets));
      if (idempotencyKey != null) {
        idempotency.complete(tenantId, idempotencyKey, 201, body, post.id());
      }
      metrics.counter("herald_posts_created_total", "priority", post.priority().name()).increment();
      return new Created(post.id(), 201, body, false);
    });
  }

  public ValidationView validate(UUID tenantId, CreatePostRequest request) {
    List<SocialAccount> accounts = validator.validateNew(request, tenantId, clock.instant());
    return new ValidationView(true, accounts.stream()
        .map(a -> new ValidationView.ResolvedTarget(a.id(), a.platform(), a.name())).toList());
  }

  public PostView get(UUID tenantId, UUID id) {
    Post post = posts.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
    return view(post, posts.targets(post.id()));
  }

  public List<AttemptView> attempts(UUID tenantId, UUID id) {
    posts.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
    return posts.attempts(tenantId, id);
  }

  public PostPage list(UUID tenantId, PostRepository.Filter filter, String cursor, int limit) {
    if (limit < 1 || limit > 100) {
      throw ProblemException.invalid("limit", "must be between 1 and 100");
    }
    if (filter.scheduledFrom() != null && filter.scheduledTo() != null
        && filter.scheduledTo().isBefore(filter.scheduledFrom())) {
      throw ProblemException.invalid("scheduledTo", "must not be before scheduledFrom");
    }
    List<Post> page = posts.list(tenantId, filter, decodeCursor(cursor), limit + 1);
    boolean more = page.size() > limit;
    List<Post> items = more ? page.subList(0, limit) : page;
    String next = more ? encodeCursor(items.get(items.size() - 1)) : null;
    return new PostPage(items.stream().map(p -> view(p, posts.targets(p.id()))).toList(), next);
  }

  public PostView patch(UUID tenantId, UUID id, PatchPostRequest request, String ifMatch) {
    Instant now = clock.instant();
    return QuarkusTransaction.requiringNew().call(() -> {
      Post post = lockEditable(tenantId, id, ifMatch);
      List<PostTarget> targets = posts.targets(id);
      Post changed = new Post(post.id(), tenantId,
          request.text() != null ? request.text() : post.text(),
          request.link() != null ? request.link() : post.link(),
          request.media() != null ? PostValidator.toMedia(request.media()) : post.media(),
          request.priority() != null ? request.priority() : post.priority(),
          request.scheduledAt() != null ? request.scheduledAt() : post.scheduledAt(),
          post.createdAt(), now, post.version() + 1, post.traceparent());
      validator.validateContent(changed.text(), changed.link(), changed.media(),
          targets.stream().map(t -> new PostValidator.TargetSpec(t.position(), t.platform(), t.options())).toList(),
          request.scheduledAt(), now);
      posts.update(changed);
      return view(changed, posts.targets(id));
    });
  }

  public PostView cancel(UUID tenantId, UUID id, String ifMatch) {
    Instant now = clock.instant();
    return QuarkusTransaction.requiringNew().call(() -> {
      Post post = lockEditable(tenantId, id, ifMatch);
      for (PostTarget target : posts.targets(id)) {
        posts.move(target.id(), TargetMove.CANCEL, Change.attempt(target.attempt()), now);
      }
      posts.touch(post, now);
      return get(tenantId, id);
    });
  }

  /** Re-queues the FAILED targets (attempt + 1); their accounts must be ACTIVE again. Never an unknown outcome. */
  public PostView retry(UUID tenantId, UUID id, String ifMatch) {
    posts.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
    var failed = posts.targets(id).stream().filter(t -> t.status() == TargetStatus.FAILED).toList();
    if (failed.isEmpty()) {
      throw ProblemException.conflict("nothing-to-retry", "No target of this post has failed");
    }
    requireActiveAccounts(tenantId, failed);
    Instant now = clock.instant();
    return QuarkusTransaction.requiringNew().call(() -> {
      Post post = posts.lock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
      checkIfMatch(post, ifMatch);
      int requeued = 0;
      for (PostTarget target : posts.targets(id)) {
        int attempt = target.attempt() + 1;
        if (posts.move(target.id(), TargetMove.RETRY, Change.attempt(attempt), now)) {
          outbox.enqueue(post, target, attempt, false, now);
          requeued++;
        }
      }
      if (requeued == 0) {
        throw ProblemException.conflict("nothing-to-retry", "No target of this post has failed");
      }
      posts.touch(post, now);
      return get(tenantId, id);
    });
  }

  /**
   * The user's word on a target whose outcome is unknown: {@code PUBLISHED} ("it is there": PUBLISHED with the given
   * ids, recorded in the attempt history as resolved by {@code subject}) or {@code SEND_AGAIN} ("send it": QUEUED
   * with attempt + 1, its job marked {@code resendConfirmed}; the account must be ACTIVE).
   */
  public PostView resolve(UUID tenantId, UUID id, UUID targetId, ResolveTargetRequest request, String ifMatch,
      String subject) {
    checkResolution(request);
    posts.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
    PostTarget current = unknownOutcomeTarget(id, targetId);
    if (request.sendAgain()) {
      requireActiveAccounts(tenantId, List.of(current));
    }
    Instant now = clock.instant();
    return QuarkusTransaction.requiringNew().call(() -> {
      Post post = posts.lock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
      checkIfMatch(post, ifMatch);
      PostTarget target = unknownOutcomeTarget(id, targetId);
      if (request.sendAgain()) {
        int attempt = target.attempt() + 1;
        posts.move(target.id(), TargetMove.SEND_AGAIN, Change.resendConfirmed(attempt), now);
        outbox.enqueue(post, target, attempt, true, now);
      } else {
        var stated = ResultMessage.published(target.id(), target.attempt(), blankToNull(request.externalId()),
            blankToNull(request.externalUrl()), now);
        posts.move(target.id(), TargetMove.RESOLVE_PUBLISHED,
            Change.published(target.attempt(), stated.externalId(), stated.externalUrl(), now), now);
        posts.recordAttempt(target, stated, true, subject, now);
        webhooks.targetMoved(target, now);
      }
      posts.touch(post, now);
      return get(tenantId, id);
    });
  }

  private PostTarget unknownOutcomeTarget(UUID postId, UUID targetId) {
    PostTarget target = posts.targets(postId).stream().filter(t -> t.id().equals(targetId)).findFirst()
        .orElseThrow(() -> ProblemException.notFound("Target " + targetId + " of post " + postId));
    if (target.status() != TargetStatus.UNKNOWN_OUTCOME) {
      throw ProblemException.conflict("not-unknown-outcome", "Target " + targetId + " is " + target.status()
          + ", not UNKNOWN_OUTCOME: only a target whose outcome is unknown can be resolved");
    }
    return target;
  }

  private static void checkResolution(ResolveTargetRequest request) {
    var errors = new ArrayList<FieldError>();
    if (request.sendAgain()) {
      if (request.externalId() != null) {
        errors.add(new FieldError("externalId", "only with resolution PUBLISHED"));
      }
      if (request.externalUrl() != null) {
        errors.add(new FieldError("externalUrl", "only with resolution PUBLISHED"));
      }
    } else if (blankToNull(request.externalUrl()) != null && !PostValidator.isHttpsUrl(request.externalUrl())) {
      errors.add(new FieldError("externalUrl", "must be an absolute https URL"));
    }
    if (!errors.isEmpty()) {
      throw PostValidator.invalid(errors);
    }
  }

  /** Refuses (422 account-needs-reauth) when an account of these targets is not ACTIVE in the tenant. */
  private void requireActiveAccounts(UUID tenantId, List<PostTarget> targets) {
    var errors = new ArrayList<FieldError>();
    for (PostTarget target : targets) {
      SocialAccount account = validator.lookup(target.socialAccountId());
      if (account == null || !account.tenantId().equals(tenantId) || account.status() != SocialAccount.Status.ACTIVE) {
        errors.add(new FieldError("targets[" + target.position() + "].socialAccountId",
            "the account is " + (account == null ? "gone" : account.status()) + "; reconnect it and try again"));
      }
    }
    if (!errors.isEmpty()) {
      throw PostValidator.needsReauth(errors);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  public String etag(UUID tenantId, UUID id) {
    return posts.find(tenantId, id).map(Post::etag).orElse(null);
  }

  private Post lockEditable(UUID tenantId, UUID id, String ifMatch) {
    Post post = posts.lock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
    checkIfMatch(post, ifMatch);
    boolean allScheduled = posts.targets(id).stream().allMatch(t -> t.status() == TargetStatus.SCHEDULED);
    if (!allScheduled) {
      throw ProblemException.conflict("publishing-started",
          "This post can no longer be changed or cancelled: publishing has begun (or it was cancelled)");
    }
    return post;
  }

  private static void checkIfMatch(Post post, String ifMatch) {
    if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")
        && !ifMatch.replace("W/", "").trim().equals(post.etag())) {
      throw new ProblemException(412, "stale-version", "Precondition Failed",
          "The post has changed since you read it (current ETag " + post.etag() + "); read it again");
    }
  }

  private Created replay(IdempotencyStore.Record earlier, String hash) {
    if (!Objects.equals(earlier.requestHash(), hash)) {
      throw new ProblemException(422, "idempotency-key-reused", "Unprocessable Content",
          "This Idempotency-Key was already used with a different request body", List.of(), Map.of());
    }
    return new Created(earlier.postId(), earlier.status(), earlier.response(), true);
  }

  private static void checkKey(String key) {
    if (key.isBlank() || key.length() > 255) {
      throw ProblemException.badRequest("invalid-idempotency-key", "Idempotency-Key must be 1 to 255 characters");
    }
  }

  public static PostView view(Post post, List<PostTarget> targets) {
    return new PostView(post.id(), PostStatus.derive(targets.stream().map(PostTarget::status).toList()), post.text(),
        post.link(), post.media(), post.priority(), post.scheduledAt(), post.createdAt(), post.updatedAt(),
        post.version(), targets.stream().map(PostService::view).toList());
  }

  private static TargetView view(PostTarget t) {
    return new TargetView(t.id(), t.socialAccountId(), t.platform(), t.status(), t.options(), t.externalId(),
        t.externalUrl(), t.attempt(),
        t.lastErrorCode() == null ? null : new TargetView.ErrorView(t.lastErrorCode(), t.lastErrorMessage()),
        t.publishedAt());
  }

  private String hash(CreatePostRequest request) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String write(PostView view) {
    try {
      return json.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encodeCursor(Post last) {
    String raw = last.createdAt().toString() + "|" + last.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static PostRepository.Cursor decodeCursor(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
      return new PostRepository.Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw ProblemException.invalid("cursor", "is not a cursor this API returned");
    }
  }
}
