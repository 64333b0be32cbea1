package io.herald.content.post;

import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import io.herald.content.post.dto.CreatePostRequest;
import io.herald.content.post.dto.ValidationView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/v1/posts:validate}: every check of a create, nothing saved. */
@Path("/api/v1/posts:validate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PostValidationResource {
  private final PostService posts;
  private final TenantContext tenant;

  PostValidationResource(PostService posts, TenantContext tenant) {
    this.posts = posts;
    this.tenant = tenant;
  }

  @POST
  @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.OWNER})
  public ValidationView validate(@NotNull @Valid CreatePostRequest request) {
    return posts.validate(tenant.tenantId(), request);
  }
}
