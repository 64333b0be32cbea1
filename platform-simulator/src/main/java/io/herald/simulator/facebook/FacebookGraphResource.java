package io.herald.simulator.facebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.core.Endpoint;
import io.herald.simulator.core.PlatformCalls;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The simulated Graph API and login dialog, under any version prefix ({@code /v21.0/...}). One origin stands in
 * for graph.facebook.com, graph-video.facebook.com and www.facebook.com.
 */
@Path("/{version: v\\d+\\.\\d+}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class FacebookGraphResource {
  private final FacebookOAuthService oauth;
  private final FacebookAccountsService accounts;
  private final FacebookPublishService publish;
  private final FacebookReadService read;
  private final FacebookCommentService comments;
  private final PlatformCalls calls;
  private final ObjectMapper json;

  FacebookGraphResource(FacebookOAuthService oauth, FacebookAccountsService accounts, FacebookPublishService publish,
      FacebookReadService read, FacebookCommentService comments, PlatformCalls calls, ObjectMapper json) {
    this.oauth = oauth;
    this.accounts = accounts;
    this.publish = publish;
    this.read = read;
    this.comments = comments;
    this.calls = calls;
    this.json = json;
  }

  @GET
  @Path("/dialog/oauth")
  public Response dialog(@Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_DIALOG, call -> oauth.dialog(params(uri, headers, null)));
  }

  @GET
  @Path("/oauth/access_token")
  public Response accessToken(@Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_OAUTH, call -> oauth.accessToken(params(uri, headers, null)));
  }

  @POST
  @Path("/oauth/access_token")
  public Response accessTokenByPost(String body, @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_OAUTH, call -> oauth.accessToken(params(uri, headers, body)));
  }

  @GET
  @Path("/debug_token")
  public Response debugToken(@Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_DEBUG_TOKEN, call -> oauth.debugToken(params(uri, headers, null)));
  }

  @GET
  @Path("/me")
  public Response me(@Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_ACCOUNTS, call -> oauth.me(params(uri, headers, null)));
  }

  @GET
  @Path("/me/accounts")
  public Response myAccounts(@PathParam("version") String version, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_ACCOUNTS,
        call -> accounts.accounts(version, params(uri, headers, null), null));
  }

  @GET
  @Path("/me/businesses")
  public Response myBusinesses(@PathParam("version") String version, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_ACCOUNTS, call -> accounts.businesses(version, params(uri, headers, null)));
  }

  @GET
  @Path("/{businessId: \\d+}/{edge: owned_pages|client_pages}")
  public Response businessPages(@PathParam("version") String version, @PathParam("businessId") String businessId,
      @PathParam("edge") String edge, @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_ACCOUNTS,
        call -> accounts.businessPages(version, businessId, edge, params(uri, headers, null)));
  }

  @GET
  @Path("/me/permissions")
  public Response myPermissions(@Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_ACCOUNTS, call -> oauth.permissions(params(uri, headers, null)));
  }

  @GET
  @Path("/{userId: \\d+}/accounts")
  public Response accounts(@PathParam("version") String version, @PathParam("userId") String userId,
      @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_ACCOUNTS,
        call -> accounts.accounts(version, params(uri, headers, null), userId));
  }

  @POST
  @Path("/{pageId}/feed")
  public Response postFeed(@PathParam("pageId") String pageId, String body, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_FEED, pageId, call -> publish.feed(pageId, params(uri, headers, body)));
  }

  @GET
  @Path("/{pageId}/{edge: feed|posts|published_posts|scheduled_posts}")
  public Response readFeed(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @PathParam("edge") String edge, @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_FEED_READ, pageId,
        call -> read.feed(version, pageId, edge, params(uri, headers, null)));
  }

  @POST
  @Path("/{pageId}/photos")
  public Response photos(@PathParam("pageId") String pageId, String body, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_PHOTOS, pageId, call -> publish.photo(pageId, params(uri, headers, body)));
  }

  @GET
  @Path("/{pageId}/photos")
  public Response readPhotos(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_FEED_READ, pageId,
        call -> read.photos(version, pageId, params(uri, headers, null)));
  }

  @POST
  @Path("/{pageId}/videos")
  public Response videos(@PathParam("pageId") String pageId, String body, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_VIDEOS, pageId,
        call -> publish.video(pageId, params(uri, headers, body), call.failProcessingReason()));
  }

  @POST
  @Path("/{pageId}/video_reels")
  public Response reels(@PathParam("version") String version, @PathParam("pageId") String pageId, String body,
      @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_REELS, pageId, call -> publish.videoSession(version, pageId,
        FacebookPost.Kind.REEL, params(uri, headers, body), call.failProcessingReason()));
  }

  @POST
  @Path("/{pageId}/video_stories")
  public Response videoStories(@PathParam("version") String version, @PathParam("pageId") String pageId,
      String body, @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_VIDEO_STORIES, pageId, call -> publish.videoSession(version, pageId,
        FacebookPost.Kind.STORY, params(uri, headers, body), call.failProcessingReason()));
  }

  @POST
  @Path("/{pageId}/photo_stories")
  public Response photoStories(@PathParam("pageId") String pageId, String body, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_PHOTO_STORIES, pageId,
        call -> publish.photoStory(pageId, params(uri, headers, body)));
  }

  @POST
  @Path("/{objectId}/comments")
  public Response comment(@PathParam("objectId") String objectId, String body, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_COMMENTS, call -> comments.comment(objectId, params(uri, headers, body)));
  }

  @GET
  @Path("/{objectId}/comments")
  public Response readComments(@PathParam("version") String version, @PathParam("objectId") String objectId,
      @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_COMMENTS_READ,
        call -> comments.comments(version, objectId, params(uri, headers, null)));
  }

  @GET
  @Path("/{pageId}/videos")
  public Response readVideos(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_FEED_READ, pageId,
        call -> read.videos(version, pageId, params(uri, headers, null)));
  }

  @GET
  @Path("/{objectId}")
  public Response object(@PathParam("objectId") String objectId, @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_FEED_READ, call -> read.object(objectId, params(uri, headers, null)));
  }

  /**
   * Publishes an unpublished post ({@code is_published=true}) or video ({@code published=true}) by its id, or, given
   * a {@code message} (and neither flag), edits a published post's text.
   */
  @POST
  @Path("/{objectId}")
  public Response publishLater(@PathParam("objectId") String objectId, String body, @Context UriInfo uri,
      @Context HttpHeaders headers) {
    GraphParams params = params(uri, headers, body);
    if (params.get("message") != null && params.get("is_published") == null && params.get("published") == null) {
      return calls.handle(Endpoint.FACEBOOK_EDIT, call -> publish.edit(objectId, params));
    }
    return calls.handle(Endpoint.FACEBOOK_PUBLISH, call -> publish.publishLater(objectId, params));
  }

  @DELETE
  @Path("/{objectId}")
  public Response delete(@PathParam("objectId") String objectId, @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_DELETE, call -> publish.delete(objectId, params(uri, headers, null)));
  }

  private GraphParams params(UriInfo uri, HttpHeaders headers, String body) {
    return GraphParams.of(uri, headers, body, json);
  }
}
