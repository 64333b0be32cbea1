package io.herald.content.post;

import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import io.herald.common.stream.Platform;
import io.herald.content.post.dto.AttemptView;
import io.herald.content.post.dto.BatchCreateRequest;
import io.herald.content.post.dto.BatchCreateView;
import io.herald.content.post.dto.CreatePostRequest;
import io.herald.content.post.dto.EditTargetRequest;
import io.herald.content.post.dto.PatchPostRequest;
import io.herald.content.post.dto.PostPage;
import io.herald.content.post.dto.PostView;
import io.herald.content.post.dto.ResolveTargetRequest;
import io.herald.content.post.dto.ValidationView;
import io.herald.content.ratelimit.RateLimiter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The content-jobs API: {@code /api/v1/posts} and {@code /api/v1/posts:validate}. VIEWER reads; EDITOR, ADMIN and
 * OWNER write. A path id that is not a UUID names no post: 404, like any unknown id.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostResource {
  /** Where {@link CustomMethodPaths} sends {@code POST /api/v1/posts:validate} (JAX-RS cannot match the colon). */
  static final String VALIDATE_PATH = "/posts/validation-dry-run";
  /** Where {@link CustomMethodPaths} sends {@code POST /api/v1/posts:batch}. */
  static final String BATCH_PATH = "/posts/batch-create";
  /** How the {@code Idempotency-Key} of an edit or unpublish is described in the API document. */
  static final String OPERATION_KEY = "Optional, 1 to 255 characters, as on create: a retry with the same key and"
      + " request answers the first response (`Idempotent-Replayed: true`) and asks for nothing again, whatever the"
      + " post has become since; the same key with another request is 422 `idempotency-key-reused`. Keys are per"
      + " tenant, kept 24 h, one key space with creates.";

  private final PostService posts;
  private final TenantContext tenant;
  private final RateLimiter rateLimiter;

  PostResource(PostService posts, TenantContext tenant, RateLimiter rateLimiter) {
    this.posts = posts;
    this.tenant = tenant;
    this.rateLimiter = rateLimiter;
  }

  @POST
  @Path("/posts")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response createPost(@NotNull @Valid CreatePostRequest request, @HeaderParam("Idempotency-Key") String key) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    var created = posts.create(tenantId, request, key);
    return answer(created).location(URI.create("/api/v1/posts/" + created.id())).build();
  }

  /**
   * {@code POST /api/v1/posts:batch}: up to 100 posts in one request, each checked and idempotent on its own (an item
   * may carry its {@code idempotencyKey}); one answer per item, in order. 200 for the envelope whatever the items
   * came to; a body that is no list of 1 to 100 items is 422 as a whole. Takes one write token of the tenant.
   */
  @POST
  @Path(PostResource.BATCH_PATH)
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  @Operation(summary = "Create up to 100 posts (POST /api/v1/posts:batch)", description = """
      Body `{"items": [post, ...]}`: 1 to 100 posts, each shaped like the body of `POST /api/v1/posts` plus an \
      optional `idempotencyKey` (1 to 255 characters, no NUL; the same key and post replay the first answer, another \
      post is 422 `idempotency-key-reused`, as with the `Idempotency-Key` header of a single create). Answers 200 with \
      `{"items": [...]}`, one item per post in order: `{"status": 201, "post": {...}}` (plus `"replayed": true` \
      for a replay) or `{"status": 400|422|503, "problem": {...}}`, the problem a single create would answer. The \
      posts that pass are written in one transaction: each whole or not at all. More than 100 items, or none: 422.""")
  public BatchCreateView createPostBatch(@NotNull @Valid BatchCreateRequest request,
      @HeaderParam("Idempotency-Key") String key) {
    if (key != null) {
      throw ProblemException.badParameter("Idempotency-Key", "a batch takes an idempotencyKey per item instead");
    }
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    return posts.createBatch(tenantId, request.items());
  }

  @GET
  @Path("/posts")
  @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public PostPage listPosts(@QueryParam("status") PostStatus status, @QueryParam("platform") Platform platform,
      @QueryParam("account") UUID account, @QueryParam("scheduledFrom") Instant scheduledFrom,
      @QueryParam("scheduledTo") Instant scheduledTo, @QueryParam("text") String text,
      @QueryParam("cursor") Cursor cursor, @QueryParam("limit") @DefaultValue("20") Integer limit) {
    var filter = new PostRepository.Filter(status, platform, account, scheduledFrom, scheduledTo, text);
    return posts.list(tenant.tenantId(), filter, cursor, limit);
  }

  @GET
  @Path("/posts/{id}")
  @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response getPost(@PathParam("id") UUID id) {
    return withETag(posts.get(tenant.tenantId(), id));
  }

  @GET
  @Path("/posts/{id}/attempts")
  @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public List<AttemptView> listAttempts(@PathParam("id") UUID id) {
    return posts.attempts(tenant.tenantId(), id);
  }

  @PATCH
  @Path("/posts/{id}")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response updatePost(@PathParam("id") UUID id, @NotNull @Valid PatchPostRequest request,
      @HeaderParam("If-Match") IfMatch ifMatch) {
    rateLimiter.acquire(tenant.tenantId());
    return withETag(posts.patch(tenant.tenantId(), id, request, ifMatch));
  }

  @DELETE
  @Path("/posts/{id}")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response cancelPost(@PathParam("id") UUID id, @HeaderParam("If-Match") IfMatch ifMatch) {
    rateLimiter.acquire(tenant.tenantId());
    return withETag(posts.cancel(tenant.tenantId(), id, ifMatch));
  }

  /** Takes no body, so any content type (or none, as {@code curl -X POST} sends) is fine. */
  @POST
  @Path("/posts/{id}/retry")
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response retryPost(@PathParam("id") UUID id, @HeaderParam("If-Match") IfMatch ifMatch) {
    rateLimiter.acquire(tenant.tenantId());
    return withETag(posts.retry(tenant.tenantId(), id, ifMatch));
  }

  /** The user's word on a target whose outcome is unknown: {@code PUBLISHED} ("it is there") or {@code SEND_AGAIN}. */
  @POST
  @Path("/posts/{id}/targets/{targetId}/resolve")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response resolveTarget(@PathParam("id") UUID id, @PathParam("targetId") UUID targetId,
      @NotNull @Valid ResolveTargetRequest request, @HeaderParam("If-Match") IfMatch ifMatch) {
    rateLimiter.acquire(tenant.tenantId());
    return withETag(posts.resolve(tenant.tenantId(), id, targetId, request, ifMatch, tenant.subject()));
  }

  /**
   * Edits the text of a target's published Facebook post: 202 with the post, the target showing the operation
   * PENDING; its outcome arrives as {@code operation.status} and the webhook {@code post.target_edited} (or
   * {@code post.target_operation_failed}). TikTok cannot edit a published post: 422. Another edit or delete still on
   * its way, or a target not published: 409. {@code Idempotency-Key} as on create.
   */
  @POST
  @Path("/posts/{id}/targets/{targetId}/edit")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response editTarget(@PathParam("id") UUID id, @PathParam("targetId") UUID targetId,
      @NotNull @Valid EditTargetRequest request, @HeaderParam("If-Match") IfMatch ifMatch,
      @Parameter(description = OPERATION_KEY) @HeaderParam("Idempotency-Key") String key) {
    rateLimiter.acquire(tenant.tenantId());
    return answer(posts.editTarget(tenant.tenantId(), id, targetId, request, ifMatch, key)).build();
  }

  /**
   * Deletes a target's published Facebook post from the Page: 202 as an edit; the target becomes DELETED when the
   * worker reports it done ({@code post.target_deleted}). Takes no body. {@code Idempotency-Key} as on create.
   */
  @POST
  @Path("/posts/{id}/targets/{targetId}/unpublish")
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response unpublishTarget(@PathParam("id") UUID id, @PathParam("targetId") UUID targetId,
      @HeaderParam("If-Match") IfMatch ifMatch,
      @Parameter(description = OPERATION_KEY) @HeaderParam("Idempotency-Key") String key) {
    rateLimiter.acquire(tenant.tenantId());
    return answer(posts.unpublishTarget(tenant.tenantId(), id, targetId, ifMatch, key)).build();
  }

  /**
   * {@code POST /api/v1/posts:validate}: every check of a create, nothing saved. It costs what a create's checks cost
   * (account look-ups), so it takes a token of the tenant's write bucket like a create.
   */
  @POST
  @Path(PostResource.VALIDATE_PATH)
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public ValidationView validatePost(@NotNull @Valid CreatePostRequest request) {
    rateLimiter.acquire(tenant.tenantId());
    return posts.validate(tenant.tenantId(), request);
  }

  /** A create's, edit's or unpublish's answer, or its replay ({@code Idempotent-Replayed: true}). */
  private static Response.ResponseBuilder answer(PostService.Answer answer) {
    var response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
        .tag(new EntityTag(Integer.toString(answer.version()))).entity(answer.body());
    if (answer.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response;
  }

  private static Response withETag(PostView post) {
    return Response.ok(post).tag(new EntityTag(Integer.toString(post.version()))).build();
  }
}
