package io.herald.content.post;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The documented, Google-API-style custom methods {@code POST /api/v1/posts:validate} and
 * {@code POST /api/v1/posts:batch}: routed to their resource methods (the JAX-RS matcher splits {@code /api/v1/posts}
 * off as a prefix and never matches the colon form), and named by their public paths in the OpenAPI description
 * (registered as {@code mp.openapi.filter}).
 */
public class CustomMethodPaths implements OASFilter {
  /** Public path to the resource path it is served at. */
  static final Map<String, String> ROUTES = Map.of(
      "/api/v1/posts:validate", "/api/v1" + PostResource.VALIDATE_PATH,
      "/api/v1/posts:batch", "/api/v1" + PostResource.BATCH_PATH);

  @ServerRequestFilter(preMatching = true)
  public void rewrite(ContainerRequestContext request) {
    String internal = ROUTES.get(request.getUriInfo().getPath());
    if (internal != null) {
      request.setRequestUri(UriBuilder.fromUri(request.getUriInfo().getRequestUri()).replacePath(internal).build());
    }
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null) {
      return;
    }
    ROUTES.forEach((published, internal) -> {
      var item = openAPI.getPaths().getPathItem(internal);
      if (item != null) {
        openAPI.getPaths().removePathItem(internal);
        openAPI.getPaths().addPathItem(published, item);
      }
    });
  }
}
