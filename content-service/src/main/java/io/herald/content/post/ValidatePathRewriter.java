package io.herald.content.post;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Routes {@code POST /api/v1/posts:validate} (the documented, Google-API-style custom method) to its resource method:
 * the JAX-RS matcher splits {@code /api/v1/posts} off as a prefix and never matches the colon form.
 */
public class ValidatePathRewriter {
  static final String PUBLIC_PATH = "/api/v1/posts:validate";

  @ServerRequestFilter(preMatching = true)
  public void rewrite(ContainerRequestContext request) {
    if (request.getUriInfo().getPath().equals(PUBLIC_PATH)) {
      request.setRequestUri(UriBuilder.fromUri(request.getUriInfo().getRequestUri())
          .replacePath("/api/v1" + PostResource.VALIDATE_PATH).build());
    }
  }
}
