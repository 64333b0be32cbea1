package io.herald.content.post;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.Problem;
import io.herald.common.problem.Problem.FieldError;
import io.herald.common.problem.ProblemException;
import io.herald.common.problem.ProblemMappers;
import io.herald.common.problem.StrictJsonBodies;
import io.herald.common.stream.JobOperation;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.ResultMessage;
import io.herald.content.account.SocialAccount;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.herald.content.post.TargetMove.Change;
import io.herald.content.post.dto.AttemptView;
import io.herald.content.post.dto.BatchCreateView;
import io.herald.content.post.dto.CreatePostRequest;
import io.herald.content.post.dto.EditTargetRequest;
import io.herald.content.post.dto.PatchPostRequest;
import io.herald.content.post.dto.PostPage;
import io.herald.content.post.dto.PostView;
import io.herald.content.post.dto.ResolveTargetRequest;
import io.herald.content.post.dto.TargetRequest;
import io.herald.content.post.dto.ValidationView;
import io.herald.content.schedule.Outbox;
import io.herald.content.webhook.WebhookEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The rules of the posts API: create (idempotent), read, list, change, cancel, retry and resolve an unknown outcome,
 * always within one tenant. Where a write needs auth-service's word on accounts (create, retry, send again), it
 * asks first and opens its transaction afterwards, so no transaction waits on another service.
 */
@ApplicationScoped
public class PostService {
  /** Where batch items' problems say they arose. */
  static final String BATCH_PATH = "/api/v1/posts:batch";
  private static final ProblemMappers PROBLEMS = new ProblemMappers();

  private final PostRepository posts;
  private final TargetRepository targets;
  private final AttemptRepository attempts;
  private final IdempotencyRepository idempotency;
  private final PostValidator validator;
  private final Validator beanValidator;
  private final Outbox outbox;
  private final WebhookEvents webhooks;
  private final ContentConfig config;
  private final ObjectMapper json;
  /** Batch items are read as strictly as a single create's body ({@link StrictJsonBodies}). */
  private final ObjectMapper strictJson;
  private final ContentMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  PostService(PostRepository posts, TargetRepository targets, AttemptRepository attempts,
      IdempotencyRepository idempotency, PostValidator validator, Validator beanValidator, Outbox outbox,
      WebhookEvents webhooks, ContentConfig config, ObjectMapper json, ContentMetrics metrics) {
    this.posts = posts;
    this.targets = targets;
    this.attempts = attempts;
    this.idempotency = idempotency;
    this.validator = validator;
    this.beanValidator = beanValidator;
    this.outbox = outbox;
    this.webhooks = webhooks;
    this.config = config;
    this.json = json;
    this.strictJson = StrictJsonBodies.strict(json);
    this.metrics = metrics;
  }

  /**
   * The answer to a create, an edit or an unpublish: the post's JSON as the first response had it (that response or
   * its replay), its status and the post's version in it (the ETag).
   */
  public record Answer(UUID id, int status, String body, int version, boolean replayed) {}

  /**
   * Creates a post: checks it (outside any transaction: the account look-up may ask auth-service), then writes its
   * idempotency record, the post and its targets in one transaction. The same key with the same body answers the
   * first response (also when the request would no longer pass, e.g. its {@code scheduledAt} has gone by); with
   * another body it is 422 {@code idempotency-key-reused}.
   */
  public Answer create(UUID tenantId, CreatePostRequest request, String idempotencyKey) {
    if (idempotencyKey != null) {
      checkKey(idempotencyKey);
    }
    // to the microsecond, as Postgres keeps it: the answer shows what a read shows
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String hash = idempotencyKey == null ? null : hash(request);
    List<SocialAccount> accounts;
    try {
      accounts = validator.validateNew(request, tenantId, now);
    } catch (ProblemException refused) {
      // Only a refused request looks its key up: a fresh key (the usual case) costs no read.
      Optional<IdempotencyKey> earlier = idempotencyKey == null ? Optional.empty()
          : inNewTransaction(() -> idempotency.find(tenantId, idempotencyKey, keptSince(now)));
      return earlier.map(record -> replay(record, hash)).orElseThrow(() -> refused);
    }
    Draft draft = draft(tenantId, request, accounts, idempotencyKey, hash, Traceparent.current(), now);
    Written written = store(tenantId, List.of(draft), Set.of(), now);
    IdempotencyKey winner = idempotencyKey == null ? null : written.winners().get(idempotencyKey);
    return winner != null ? replay(winner, hash) : new Answer(draft.post().id, 201, draft.body(), 1, false);
  }

  /**
   * Creates up to 100 posts, each checked and idempotent on its own (its {@code idempotencyKey}, if any), as if they
   * had been sent one by one in order; answers one item per post, in order. The posts that pass are written in one
   * transaction (their idempotency records, posts and targets: one statement each for the whole batch), so a post is
   * written whole or not at all; a database failure fails the request as a whole (nothing is written: send it again
   * with the same keys).
   */
  public BatchCreateView createBatch(UUID tenantId, List<JsonNode> items) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String traceparent = Traceparent.current();
    var answers = new BatchCreateView.Item[items.size()];
    var keys = new String[items.size()];
    var hashes = new String[items.size()];
    var drafts = new LinkedHashMap<Integer, Draft>();
    // the post of this batch that took a key: a later post with the key replays it (or reuses the key)
    var keyTakenBy = new HashMap<String, Integer>();
    // refused posts with a key: an earlier request's record under the key is their answer
    var refusedWithKey = new HashMap<Integer, ProblemException>();
    for (int i = 0; i < items.size(); i++) {
      try {
        keys[i] = itemKey(items.get(i));
        CreatePostRequest request = itemRequest(items.get(i));
        hashes[i] = keys[i] == null ? null : hash(request);
        if (keys[i] != null && keyTakenBy.containsKey(keys[i])) {
          continue;
        }
        try {
          List<SocialAccount> accounts = validator.validateNew(request, tenantId, now);
          drafts.put(i, draft(tenantId, request, accounts, keys[i], hashes[i], traceparent, now));
          if (keys[i] != null) {
            keyTakenBy.put(keys[i], i);
          }
        } catch (ProblemException refused) {
          if (keys[i] == null) {
            throw refused;
          }
          refusedWithKey.put(i, refused);
        }
      } catch (ProblemException refused) {
        answers[i] = BatchCreateView.Item.refused(problem(refused));
      }
    }
    Set<String> lookUp = refusedWithKey.keySet().stream().map(i -> keys[i]).collect(Collectors.toSet());
    Written written = drafts.isEmpty() && lookUp.isEmpty() ? Written.NOTHING
        : store(tenantId, drafts.values(), lookUp, now);
    for (int i = 0; i < items.size(); i++) {
      if (answers[i] != null) {
        continue;
      }
      try {
        answers[i] = answer(i, keys[i], hashes[i], drafts, keyTakenBy, refusedWithKey, written);
      } catch (ProblemException refused) {
        answers[i] = BatchCreateView.Item.refused(problem(refused));
      }
    }
    return new BatchCreateView(List.of(answers));
  }

  /** The answer to post {@code i} of a batch once the batch is written. */
  private BatchCreateView.Item answer(int i, String key, String hash, Map<Integer, Draft> drafts,
      Map<String, Integer> keyTakenBy, Map<Integer, ProblemException> refusedWithKey, Written written) {
    if (refusedWithKey.containsKey(i)) {
      IdempotencyKey earlier = written.earlier().get(key);
      if (earlier == null) {
        throw refusedWithKey.get(i);
      }
      return replayed(replay(earlier, hash));
    }
    IdempotencyKey winner = key == null ? null : written.winners().get(key);
    if (winner != null) {
      return replayed(replay(winner, hash));
    }
    Draft draft = drafts.get(i);
    if (draft != null) {
      return BatchCreateView.Item.created(201, draft.body(), false);
    }
    Draft first = drafts.get(keyTakenBy.get(key));
    if (!Objects.equals(first.claim().requestHash(), hash)) {
      throw keyReused();
    }
    return BatchCreateView.Item.created(201, first.body(), true);
  }

  private static BatchCreateView.Item replayed(Answer replay) {
    return BatchCreateView.Item.created(replay.status(), replay.body(), true);
  }

  /** A post ready to be written: its rows, the answer it stands for and its idempotency claim (null without key). */
  private record Draft(Post post, List<PostTarget> targets, String body, IdempotencyRepository.Claim claim) {}

  /**
   * What a write found: the records of keys whose claim was lost to another request ({@code winners}), and the
   * records of the keys it was asked to look up first ({@code earlier}).
   */
  private record Written(Map<String, IdempotencyKey> winners, Map<String, IdempotencyKey> earlier) {
    static final Written NOTHING = new Written(Map.of(), Map.of());
  }

  private Draft draft(UUID tenantId, CreatePostRequest request, List<SocialAccount> accounts, String key, String hash,
      String traceparent, Instant now) {
    var post = new Post();
    post.id = UUID.randomUUID();
    post.tenantId = tenantId;
    post.text = request.text();
    post.link = request.link();
    post.media = PostValidator.toMedia(request.mediaOrEmpty());
    post.priority = request.priorityOrDefault();
    post.scheduledAt = request.scheduledAt() == null ? now : request.scheduledAt();
    post.createdAt = now;
    post.updatedAt = now;
    post.version = 1;
    post.traceparent = traceparent;
    var postTargets = new ArrayList<PostTarget>();
    for (int i = 0; i < request.targets().size(); i++) {
      postTargets.add(newTarget(post, i, request.targets().get(i), accounts.get(i), now));
    }
    String body = write(PostViews.of(post, postTargets));
    return new Draft(post, postTargets, body,
        key == null ? null : new IdempotencyRepository.Claim(key, hash, 201, body, post.id));
  }

  /**
   * Writes drafts: looks up the records of {@code lookUp} first (keys of refused posts), then claims the drafts' keys
   * and inserts the posts whose key was won or that have none, with their targets, in one statement
   * ({@link PostRepository#insertNew}); then reads the records that won the keys it lost. A draft whose key was
   * lost to a committed record is not written; that record is its answer.
   */
  private Written store(UUID tenantId, Collection<Draft> drafts, Set<String> lookUp, Instant now) {
    Map<String, IdempotencyKey> earlier = lookUp.isEmpty() ? Map.of()
        : inNewTransaction(() -> byKey(idempotency.findAll(tenantId, lookUp, keptSince(now))));
    Set<UUID> written = drafts.isEmpty() ? Set.of() : posts.insertNew(tenantId, drafts.stream()
        .map(d -> new PostRepository.NewPost(d.post(), d.targets(), d.claim())).toList(), now, keptSince(now));
    drafts.stream().filter(d -> written.contains(d.post().id)).forEach(d -> metrics.postCreated(d.post().priority));
    var lost = drafts.stream().filter(d -> d.claim() != null && !written.contains(d.post().id))
        .map(d -> d.claim().key()).toList();
    Map<String, IdempotencyKey> winners = lost.isEmpty() ? Map.of()
        : inNewTransaction(() -> byKey(idempotency.findAll(tenantId, lost, keptSince(now))));
    return new Written(winners, earlier);
  }

  private static Map<String, IdempotencyKey> byKey(List<IdempotencyKey> records) {
    return records.stream().collect(Collectors.toMap(r -> r.idempotencyKey, r -> r, (a, b) -> a));
  }

  private Instant keptSince(Instant now) {
    return now.minus(config.idempotencyTtl());
  }

  /**
   * The {@code idempotencyKey} of a batch item (a body field there: 422 when it is not a usable key). Read from the
   * item's tree, not through a body type, so common's refusal of NUL characters does not reach it: refused here, as
   * PostgreSQL cannot store (or even look up) a NUL.
   */
  private static String itemKey(JsonNode item) {
    JsonNode key = item == null ? null : item.get("idempotencyKey");
    if (key == null || key.isNull()) {
      return null;
    }
    if (!key.isTextual() || key.asText().isBlank() || key.asText().length() > 255 || key.asText().indexOf('\0') >= 0) {
      throw ProblemException.invalid("idempotencyKey", "must be a string of 1 to 255 characters, without NUL");
    }
    return key.asText();
  }

  /**
   * A batch item read and checked as the body of a single create would be: 400 {@code malformed-request} naming a
   * field of the wrong type, 422 {@code validation} naming each broken rule (paths within the item).
   */
  private CreatePostRequest itemRequest(JsonNode item) {
    if (item == null || !item.isObject()) {
      throw ProblemException.badRequest("malformed-request", "A post must be a JSON object");
    }
    CreatePostRequest request;
    try {
      // the item's own idempotencyKey is the one field a batch item has beyond a create's body
      var body = ((ObjectNode) item).deepCopy();
      body.remove("idempotencyKey");
      request = strictJson.treeToValue(body, CreatePostRequest.class);
    } catch (JsonProcessingException e) {
      // common's mapping of unreadable JSON (and of unknown fields), as a single create answers it
      throw ProblemException.of((Problem) PROBLEMS.unreadableJson(e, null).getEntity());
    }
    var violations = beanValidator.validate(request);
    if (!violations.isEmpty()) {
      throw ProblemException.invalid(violations.stream()
          .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
          .sorted(Comparator.comparing(FieldError::field)).toList());
    }
    return request;
  }

  /** The problem a single create would have answered, as a batch item carries it. */
  private static Problem problem(ProblemException e) {
    return Problem.of(e, BATCH_PATH);
  }

  public ValidationView validate(UUID tenantId, CreatePostRequest request) {
    List<SocialAccount> accounts = validator.validateNew(request, tenantId, clock.instant());
    return new ValidationView(true, accounts.stream()
        .map(a -> new ValidationView.ResolvedTarget(a.id(), a.platform(), a.name())).toList());
  }

  public PostView get(UUID tenantId, UUID id) {
    Post post = find(tenantId, id);
    return PostViews.of(post, targets.ofPost(post.id));
  }

  public List<AttemptView> attempts(UUID tenantId, UUID id) {
    find(tenantId, id);
    return attempts.ofPost(tenantId, id).stream().map(PostViews::of).toList();
  }

  /** One page of posts, newest first; a page costs the same few queries whatever its size. */
  public PostPage list(UUID tenantId, PostRepository.Filter filter, Cursor after, Integer limit) {
    if (limit == null || limit < 1 || limit > 100) {
      throw ProblemException.badParameter("limit", "must be between 1 and 100");
    }
    if (filter.scheduledFrom() != null && filter.scheduledTo() != null
        && filter.scheduledTo().isBefore(filter.scheduledFrom())) {
      throw ProblemException.badParameter("scheduledTo", "must not be before scheduledFrom");
    }
    List<Post> page = posts.page(tenantId, filter, after, limit + 1);
    boolean more = page.size() > limit;
    List<Post> items = more ? page.subList(0, limit) : page;
    var targetsByPost = targets.ofPosts(items.stream().map(p -> p.id).toList()).stream()
        .collect(Collectors.groupingBy(t -> t.postId));
    String next = more ? new Cursor(items.getLast().createdAt, items.getLast().id).encode() : null;
    return new PostPage(items.stream()
        .map(p -> PostViews.of(p, targetsByPost.getOrDefault(p.id, List.of()))).toList(), next);
  }

  @Transactional
  public PostView patch(UUID tenantId, UUID id, PatchPostRequest request, IfMatch ifMatch) {
    Instant now = clock.instant();
    Post post = lockEditable(tenantId, id, ifMatch);
    List<PostTarget> postTargets = targets.ofPost(id);
    post.text = patched(request.text(), post.text);
    post.link = patched(request.link(), post.link);
    post.media = request.media() == null ? post.media : PostValidator.toMedia(request.media());
    post.priority = patched(request.priority(), post.priority);
    post.scheduledAt = patched(request.scheduledAt(), post.scheduledAt);
    // A refusal rolls the changes back with the transaction.
    validator.validateContent(post.link, post.media,
        postTargets.stream().map(t -> new PostValidator.TargetSpec(t.position, t.platform, t.options, t.textOf(post),
            t.linkOf(post), t.mediaOf(post), t.text != null, t.link != null, t.media != null)).toList(),
        postTargets.stream().map(t -> t.socialAccountId).toList(), request.scheduledAt(), now);
    postTargets.forEach(t -> t.dueAt = post.scheduledAt);
    post.touch(now);
    return PostViews.of(post, postTargets);
  }

  /** A PATCH field: the value sent, or the stored one (which may be absent, as a post's link) when none was sent. */
  private static <T> T patched(T sent, T stored) {
    return sent != null ? sent : stored;
  }

  @Transactional
  public PostView cancel(UUID tenantId, UUID id, IfMatch ifMatch) {
    Instant now = clock.instant();
    Post post = lockEditable(tenantId, id, ifMatch);
    List<PostTarget> postTargets = targets.ofPost(id);
    postTargets.forEach(t -> t.move(TargetMove.CANCEL, Change.attempt(t.attempt), now));
    post.touch(now);
    return PostViews.of(post, postTargets);
  }

  /** Re-queues the FAILED targets (attempt + 1); their accounts must be ACTIVE again. Never an unknown outcome. */
  public PostView retry(UUID tenantId, UUID id, IfMatch ifMatch) {
    find(tenantId, id);
    var failed = targets.ofPost(id).stream().filter(t -> t.status == TargetStatus.FAILED).toList();
    if (failed.isEmpty()) {
      throw nothingToRetry();
    }
    requireActiveAccounts(tenantId, failed);
    Instant now = clock.instant();
    return inNewTransaction(() -> {
      Post post = lock(tenantId, id, ifMatch);
      List<PostTarget> postTargets = targets.ofPost(id);
      int requeued = 0;
      for (PostTarget target : postTargets) {
        int attempt = target.attempt + 1;
        if (target.move(TargetMove.RETRY, Change.attempt(attempt), now)) {
          outbox.enqueue(post, target, attempt, false, now);
          requeued++;
        }
      }
      if (requeued == 0) {
        throw nothingToRetry();
      }
      post.touch(now);
      return PostViews.of(post, postTargets);
    });
  }

  /**
   * The user's word on a target whose outcome is unknown: {@code PUBLISHED} ("it is there": PUBLISHED with the given
   * ids, recorded in the attempt history as resolved by {@code subject}) or {@code SEND_AGAIN} ("send it": QUEUED
   * with attempt + 1, its job marked {@code resendConfirmed}; the account must be ACTIVE).
   */
  public PostView resolve(UUID tenantId, UUID id, UUID targetId, ResolveTargetRequest request, IfMatch ifMatch,
      String subject) {
    checkResolution(request);
    find(tenantId, id);
    PostTarget current = unknownOutcomeTarget(targets.ofPost(id), id, targetId);
    if (request.sendAgain()) {
      requireActiveAccounts(tenantId, List.of(current));
    }
    Instant now = clock.instant();
    return inNewTransaction(() -> {
      Post post = lock(tenantId, id, ifMatch);
      List<PostTarget> postTargets = targets.ofPost(id);
      PostTarget target = unknownOutcomeTarget(postTargets, id, targetId);
      if (request.sendAgain()) {
        int attempt = target.attempt + 1;
        target.move(TargetMove.SEND_AGAIN, Change.resendConfirmed(attempt), now);
        outbox.enqueue(post, target, attempt, true, now);
      } else {
        var stated = ResultMessage.published(target.id, target.attempt, blankToNull(request.externalId()),
            blankToNull(request.externalUrl()), now);
        TargetStatus before = target.status;
        target.move(TargetMove.RESOLVE_PUBLISHED,
            Change.published(target.attempt, stated.externalId(), stated.externalUrl(), now), now);
        attempts.record(target, stated, true, subject, now);
        webhooks.targetMoved(target, before, now);
      }
      post.touch(now);
      return PostViews.of(post, postTargets);
    });
  }

  /**
   * Edits the text of a target's published Facebook post (issue 14): checks the text as a create would, then records
   * the operation on the target (PENDING) and writes its job to the outbox in one transaction. The worker carries it
   * out once and reports it; {@link io.herald.content.result.ResultApplier} records the outcome. Idempotent under
   * {@code idempotencyKey} as a create is ({@link #operate}).
   */
  public Answer editTarget(UUID tenantId, UUID id, UUID targetId, EditTargetRequest request, IfMatch ifMatch,
      String idempotencyKey) {
    return operate(tenantId, new OperationRequest(JobOperation.Kind.EDIT, id, targetId, request.text()), ifMatch,
        idempotencyKey);
  }

  /** Deletes a target's published Facebook post from the Page (issue 14): recorded and enqueued like an edit. */
  public Answer unpublishTarget(UUID tenantId, UUID id, UUID targetId, IfMatch ifMatch, String idempotencyKey) {
    return operate(tenantId, new OperationRequest(JobOperation.Kind.DELETE, id, targetId, null), ifMatch,
        idempotencyKey);
  }

  /** What an edit or unpublish asks for; its JSON is what an {@code Idempotency-Key} of the request is bound to. */
  record OperationRequest(JobOperation.Kind operation, UUID postId, UUID targetId, String text) {}

  /**
   * Records an edit or delete and its job, answering 202 with the post. With an {@code Idempotency-Key}, as a create:
   * a request the rules refuse looks its key up, and the first answer under the key (same request) is its answer; a
   * request that passes claims the key with its answer in the same transaction ({@link IdempotencyRepository#claim}),
   * so the operation and its key commit together. A request whose claim finds the key held (the first request's
   * retry, whatever the post has become since) is rolled back, its operation never written, and the record answers.
   * The same key with another request (another text, target, post or kind, or a create's) is 422
   * {@code idempotency-key-reused}.
   */
  private Answer operate(UUID tenantId, OperationRequest request, IfMatch ifMatch, String idempotencyKey) {
    if (idempotencyKey != null) {
      checkKey(idempotencyKey);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String hash = idempotencyKey == null ? null : hash(request);
    try {
      if (request.operation() == JobOperation.Kind.EDIT
          && request.text().length() > PostValidator.FACEBOOK_MESSAGE_MAX) {
        throw ProblemException.invalid("text", "Facebook takes at most " + PostValidator.FACEBOOK_MESSAGE_MAX
            + " characters");
      }
      return inNewTransaction(() -> {
        PostView accepted = recordOperation(tenantId, request, ifMatch, now);
        String body = write(accepted);
        if (idempotencyKey != null && !idempotency.claim(tenantId, new IdempotencyRepository.Claim(idempotencyKey,
            hash, 202, body, accepted.id()), now, keptSince(now))) {
          throw new KeyHeld();
        }
        return new Answer(accepted.id(), 202, body, accepted.version(), false);
      });
    } catch (ProblemException refused) {
      Optional<IdempotencyKey> earlier = idempotencyKey == null ? Optional.empty()
          : inNewTransaction(() -> idempotency.find(tenantId, idempotencyKey, keptSince(now)));
      return earlier.map(record -> replay(record, hash)).orElseThrow(() -> refused);
    } catch (KeyHeld held) {
      return replay(inNewTransaction(() -> idempotency.find(tenantId, idempotencyKey, keptSince(now))).orElseThrow(),
          hash);
    }
  }

  /** Thrown to roll an operation back whose key a live record holds (that record is the answer). */
  private static final class KeyHeld extends RuntimeException {
    KeyHeld() {
      super(null, null, false, false);
    }
  }

  /**
   * An operation's rules and writes (call inside a transaction): the post locked ({@code If-Match}), the target's new
   * operation (PENDING) and the outbox row of its job.
   */
  private PostView recordOperation(UUID tenantId, OperationRequest request, IfMatch ifMatch, Instant now) {
    UUID id = request.postId();
    UUID targetId = request.targetId();
    JobOperation.Kind kind = request.operation();
    String text = request.text();
    Post post = lock(tenantId, id, ifMatch);
    List<PostTarget> postTargets = targets.ofPost(id);
    PostTarget target = postTargets.stream().filter(t -> t.id.equals(targetId)).findFirst()
        .orElseThrow(() -> ProblemException.notFound("Target " + targetId + " of post " + id));
    String verb = kind == JobOperation.Kind.EDIT ? "edited" : "deleted";
    if (target.platform != Platform.FACEBOOK) {
      throw ProblemException.unprocessable("operation-not-supported", "A published " + target.platform
          + " post cannot be " + verb + ": TikTok's Content Posting API offers no edit or delete of a published"
          + " post", List.of());
    }
    if (target.status != TargetStatus.PUBLISHED || target.externalId == null) {
      throw ProblemException.conflict("target-not-published", "Only a published target can be " + verb
          + "; this one is " + target.status);
    }
    if (target.operationPending()) {
      throw ProblemException.conflict("operation-pending", "An " + target.operation.name().toLowerCase()
          + " of this target is still on its way; wait for its outcome");
    }
    if (kind == JobOperation.Kind.EDIT) {
      checkEditable(post, target, text);
    }
    target.operationId = UUID.randomUUID();
    target.operation = kind;
    target.operationStatus = TargetOperation.Status.PENDING;
    target.operationText = text;
    target.operationRequestedAt = now;
    target.operationErrorCode = null;
    target.operationErrorMessage = null;
    target.operationEnqueuedAt = now;
    outbox.enqueueOperation(post, target, now);
    post.touch(now);
    return PostViews.of(post, postTargets);
  }

  /** An edit's text, checked as a create's for a Facebook post of the target's type. */
  private static void checkEditable(Post post, PostTarget target, String text) {
    var type = target.options == null || target.options.facebookType() == null
        ? PlatformOptions.FacebookType.FEED : target.options.facebookType();
    if (type == PlatformOptions.FacebookType.STORY) {
      throw ProblemException.unprocessable("operation-not-supported",
          "A Facebook Story carries no text, so it cannot be edited", List.of());
    }
    if (text.isBlank() && target.linkOf(post) == null && target.mediaOf(post).isEmpty()) {
      throw ProblemException.invalid("text", "a Facebook post needs text, a link or media");
    }
  }

  /**
   * Runs one unit of work in its own transaction. The create, retry and send-again paths first ask auth-service
   * about accounts, outside any transaction, so no connection or row lock is held while it answers.
   */
  private static <T> T inNewTransaction(Supplier<T> work) {
    return QuarkusTransaction.requiringNew().call(work::get);
  }

  private Post find(UUID tenantId, UUID id) {
    return posts.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
  }

  /** The post and its targets, locked; refused (412) if it changed since the client read it. */
  private Post lock(UUID tenantId, UUID id, IfMatch ifMatch) {
    Post post = posts.lock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Post " + id));
    if (ifMatch != null && !ifMatch.matches(post.version)) {
      throw ProblemException.preconditionFailed("The post has changed since you read it (current ETag "
          + IfMatch.etag(post.version) + "); read it again");
    }
    return post;
  }

  private Post lockEditable(UUID tenantId, UUID id, IfMatch ifMatch) {
    Post post = lock(tenantId, id, ifMatch);
    if (!targets.ofPost(id).stream().allMatch(t -> t.status == TargetStatus.SCHEDULED)) {
      throw ProblemException.conflict("publishing-started",
          "This post can no longer be changed or cancelled: publishing has begun (or it was cancelled)");
    }
    return post;
  }

  private static PostTarget newTarget(Post post, int position, TargetRequest request, SocialAccount account,
      Instant now) {
    var target = new PostTarget();
    target.id = UUID.randomUUID();
    target.tenantId = post.tenantId;
    target.postId = post.id;
    target.position = position;
    target.socialAccountId = account.id();
    target.platform = account.platform();
    target.options = request.optionsOrNone();
    target.text = request.text();
    target.link = request.link();
    target.media = request.media() == null ? null : PostValidator.toMedia(request.media());
    target.status = TargetStatus.SCHEDULED;
    target.dueAt = post.scheduledAt;
    target.statusChangedAt = now;
    return target;
  }

  private static PostTarget unknownOutcomeTarget(List<PostTarget> postTargets, UUID postId, UUID targetId) {
    PostTarget target = postTargets.stream().filter(t -> t.id.equals(targetId)).findFirst()
        .orElseThrow(() -> ProblemException.notFound("Target " + targetId + " of post " + postId));
    if (target.status != TargetStatus.UNKNOWN_OUTCOME) {
      throw ProblemException.conflict("not-unknown-outcome", "Target " + targetId + " is " + target.status
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
      throw ProblemException.invalid(errors);
    }
  }

  /** Refuses (422 account-needs-reauth) when an account of these targets is not ACTIVE in the tenant. */
  private void requireActiveAccounts(UUID tenantId, List<PostTarget> toSend) {
    var errors = new ArrayList<FieldError>();
    for (PostTarget target : toSend) {
      SocialAccount account = validator.lookup(target.socialAccountId);
      if (account == null || !account.tenantId().equals(tenantId) || account.status() != SocialAccount.Status.ACTIVE) {
        errors.add(new FieldError("targets[" + target.position + "].socialAccountId",
            "the account is " + (account == null ? "gone" : account.status()) + "; reconnect it and try again"));
      }
    }
    if (!errors.isEmpty()) {
      throw PostValidator.needsReauth(errors);
    }
  }

  private static ProblemException nothingToRetry() {
    return ProblemException.conflict("nothing-to-retry", "No target of this post has failed");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private Answer replay(IdempotencyKey earlier, String hash) {
    if (!Objects.equals(earlier.requestHash, hash)) {
      throw keyReused();
    }
    return new Answer(earlier.postId, earlier.status, earlier.response, versionOf(earlier.response), true);
  }

  /** The post's version in an answer's body: a replay's ETag is the first response's. */
  private int versionOf(String body) {
    try {
      return json.readTree(body).path("version").asInt(1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProblemException keyReused() {
    return ProblemException.unprocessable("idempotency-key-reused",
        "This Idempotency-Key was already used with a different request body", List.of());
  }

  private static void checkKey(String key) {
    if (key.isBlank() || key.length() > 255) {
      throw ProblemException.badParameter("Idempotency-Key", "must be 1 to 255 characters");
    }
  }

  /** The request as JSON, hashed: what an {@code Idempotency-Key} is bound to. */
  private String hash(Object request) {
    return Secrets.sha256Hex(write(request));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
