package io.herald.simulator.control;

import io.herald.simulator.facebook.FacebookCommentService;
import io.herald.simulator.facebook.FacebookTiming;
import io.herald.simulator.tiktok.TikTokWebhooks;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The simulator's control API for tests and demos (faults and inspection have their own resources). */
@Path("/_sim")
public class ControlResource {
  private final ControlService control;
  private final FacebookCommentService comments;

  ControlResource(ControlService control, FacebookCommentService comments) {
    this.control = control;
    this.comments = comments;
  }

  @POST
  @Path("/reset")
  public Response reset() {
    control.reset();
    return Response.noContent().build();
  }

  @POST
  @Path("/tokens/expire")
  public Map<String, Integer> expire(TokenAction action) {
    return Map.of("invalidated", control.expire(action));
  }

  @POST
  @Path("/tokens/revoke")
  public Map<String, Integer> revoke(TokenAction action) {
    return Map.of("invalidated", control.revoke(action));
  }

  @PUT
  @Path("/oauth/{platform}")
  public Response consent(@PathParam("platform") String platform, ConsentRequest request) {
    control.consent(platform, request);
    return Response.noContent().build();
  }

  @POST
  @Path("/facebook/pages")
  public Response seedPage(SeedPageRequest request) {
    return Response.status(Response.Status.CREATED).entity(control.seedPage(request)).build();
  }

  @POST
  @Path("/facebook/pages/{pageId}/posts")
  public Response seedPosts(@PathParam("pageId") String pageId, SeedPostsRequest request) {
    return Response.status(Response.Status.CREATED).entity(Map.of("ids", control.seedPosts(pageId, request))).build();
  }

  /** A visitor's comment under a Page's post or video (someone other than the Page replying). */
  @POST
  @Path("/facebook/objects/{objectId}/comments")
  public Response visitorComment(@PathParam("objectId") String objectId, VisitorComment request) {
    return Response.status(Response.Status.CREATED)
        .entity(comments.byVisitor(objectId, request == null ? null : request.message())).build();
  }

  /** @param message the visitor's comment */
  public record VisitorComment(String message) {}

  @PUT
  @Path("/facebook/timing")
  public FacebookTiming.Timing facebookTiming(FacebookTimingRequest request) {
    return control.facebookTiming(request);
  }

  @PUT
  @Path("/tiktok/webhook")
  public Response registerWebhook(WebhookRequest request) {
    control.registerWebhook(request);
    return Response.noContent().build();
  }

  @DELETE
  @Path("/tiktok/webhook")
  public Response unregisterWebhook() {
    control.unregisterWebhook();
    return Response.noContent().build();
  }

  @GET
  @Path("/tiktok/webhooks")
  public List<TikTokWebhooks.View> webhookDeliveries() {
    return control.webhookDeliveries();
  }

  @POST
  @Path("/tiktok/users")
  public Response seedTikTokUser(SeedTikTokUserRequest request) {
    return Response.status(Response.Status.CREATED).entity(control.seedTikTokUser(request)).build();
  }
}
