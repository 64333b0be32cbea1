package io.herald.content.post;

import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import io.herald.common.stream.Platform;
import io.herald.content.post.dto.AttemptView;
import io.herald.content.post.dto.CreatePostRequest;
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
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/** The content-jobs API: {@code /api/v1/posts} and {@code /api/v1/posts:validate}. VIEWER reads; EDITOR, ADMIN and OWNER write. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostResource {
  /** Where {@link ValidatePathRewriter} sends {@code POST /api/v1/posts:validate} (JAX-RS cannot match the colon form). */
  static final String VALIDATE_PATH = "/posts/validation-dry-run";


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
  public Response create(@NotNull @Valid CreatePostRequest request, @HeaderParam("Idempotency-Key") String key) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    var created = posts.create(tenantId, request, key);
    var response = Response.status(created.status()).location(URI.create("/api/v1/posts/" + created.id()))
        .type(MediaType.APPLICATION_JSON).tag(new EntityTag("1")).entity(created.body());
    if (created.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.build();
  }

  @GET
  @Path("/posts")
  @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public PostPage list(@QueryParam("status") String status, @QueryParam("platform") String platform,
      @QueryParam("account") String account, @QueryParam("scheduledFrom") String scheduledFrom,
      @QueryParam("scheduledTo") String scheduledTo, @QueryParam("text") String text,
      @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("20") String limit) {
    var filter = new PostRepository.Filter(
        parse("status", status, v -> PostStatus.valueOf(v.toUpperCase(Locale.ROOT))),
        parse("platform", platform, v -> Platform.valueOf(v.toUpperCase(Locale.ROOT))),
        parse("account", account, UUID::fromString),
        parse("scheduledFrom", scheduledFrom, Instant::parse),
        parse("scheduledTo", scheduledTo, Instant::parse),
        text);
    return posts.list(tenant.tenantId(), filter, cursor, parse("limit", limit, Integer::parseInt));
  }

  @GET
  @Path("/posts/{id}")
  @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response get(@PathParam("id") String id) {
    PostView post = posts.get(tenant.tenantId(), postId(id));
    return Response.ok(post).tag(etagValue(post)).build();
  }

  @GET
  @Path("/posts/{id}/attempts")
  @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public List<AttemptView> attempts(@PathParam("id") String id) {
    return posts.attempts(tenant.tenantId(), postId(id));
  }

  @PATCH
  @Path("/posts/{id}")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response patch(@PathParam("id") String id, @NotNull @Valid PatchPostRequest request,
      @HeaderParam("If-Match") String ifMatch) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    PostView post = posts.patch(tenantId, postId(id), request, ifMatch);
    return Response.ok(post).tag(etagValue(post)).build();
  }

  @DELETE
  @Path("/posts/{id}")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response cancel(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    PostView post = posts.cancel(tenantId, postId(id), ifMatch);
    return Response.ok(post).tag(etagValue(post)).build();
  }

  @POST
  @Path("/posts/{id}/retry")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response retry(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    PostView post = posts.retry(tenantId, postId(id), ifMatch);
    return Response.ok(post).tag(etagValue(post)).build();
  }

  /** The user's word on a target whose outcome is unknown: {@code PUBLISHED} ("it is there") or {@code SEND_AGAIN}. */
  @POST
  @Path("/posts/{id}/targets/{targetId}/resolve")
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public Response resolve(@PathParam("id") String id, @PathParam("targetId") String targetId,
      @NotNull @Valid ResolveTargetRequest request, @HeaderParam("If-Match") String ifMatch) {
    UUID tenantId = tenant.tenantId();
    rateLimiter.acquire(tenantId);
    PostView post = posts.resolve(tenantId, postId(id), uuidOrNotFound("Target", targetId), request, ifMatch,
        tenant.subject());
    return Response.ok(post).tag(etagValue(post)).build();
  }

  /** {@code POST /api/v1/posts:validate}: every check of a create, nothing saved. */
  @POST
  @Path(PostResource.VALIDATE_PATH)
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public ValidationView validate(@NotNull @Valid CreatePostRequest request) {
    return posts.validate(tenant.tenantId(), request);
  }

  static EntityTag etagValue(PostView post) {
    return new EntityTag(Integer.toString(post.version()));
  }

  static UUID postId(String id) {
    return uuidOrNotFound("Post", id);
  }

  /** A malformed id cannot name a row of this tenant: 404, like any unknown id. */
  private static UUID uuidOrNotFound(String what, String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound(what + " " + id);
    }
  }

  private static <T> T parse(String field, String value, Function<String, T> parser) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return parser.apply(value.trim());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw ProblemException.invalid(field, "has an invalid value '" + value + "'");
    }
  }
}
