package io.herald.simulator.tiktok;

import io.herald.simulator.core.Endpoint;
import io.herald.common.http.FormBody;
import io.herald.simulator.core.PlatformCalls;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** TikTok Login Kit v2 and the Content Posting API, as served by www.tiktok.com and open.tiktokapis.com. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class TikTokResource {
  private final TikTokOAuthService oauth;
  private final TikTokPublishService publish;
  private final PlatformCalls calls;

  TikTokResource(TikTokOAuthService oauth, TikTokPublishService publish, PlatformCalls calls) {
    this.oauth = oauth;
    this.publish = publish;
    this.calls = calls;
  }

  @GET
  @Path("/auth/authorize/")
  public Response authorize(@Context UriInfo uri) {
    return calls.handle(Endpoint.TIKTOK_AUTHORIZE, call -> oauth.authorize(uri.getQueryParameters()));
  }

  @POST
  @Path("/oauth/token/")
  public Response token(String body, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.TIKTOK_TOKEN, call -> oauth.token(form(body, headers)));
  }

  @POST
  @Path("/oauth/revoke/")
  public Response revoke(String body, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.TIKTOK_REVOKE, call -> oauth.revoke(form(body, headers)));
  }

  @POST
  @Path("/post/publish/creator_info/query/")
  public Response creatorInfo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return calls.handle(Endpoint.TIKTOK_CREATOR_INFO, call -> publish.creatorInfo(authorization));
  }

  @POST
  @Path("/post/publish/video/init/")
  public Response videoInit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
      @Context UriInfo uri) {
    return calls.handle(Endpoint.TIKTOK_VIDEO_INIT, call -> publish.videoInit(authorization, body, false,
        call.failProcessingReason(), uri.getBaseUri().toString()));
  }

  @POST
  @Path("/post/publish/inbox/video/init/")
  public Response inboxVideoInit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
      @Context UriInfo uri) {
    return calls.handle(Endpoint.TIKTOK_INBOX_INIT, call -> publish.videoInit(authorization, body, true,
        call.failProcessingReason(), uri.getBaseUri().toString()));
  }

  @POST
  @Path("/post/publish/content/init/")
  public Response contentInit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
      @Context UriInfo uri) {
    return calls.handle(Endpoint.TIKTOK_CONTENT_INIT, call -> publish.contentInit(authorization, body,
        call.failProcessingReason(), uri.getBaseUri().toString()));
  }

  @POST
  @Path("/post/publish/status/fetch/")
  public Response status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
    return calls.handle(Endpoint.TIKTOK_STATUS, call -> publish.status(authorization, body));
  }

  @POST
  @Path("/post/publish/cancel/")
  public Response cancel(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
    return calls.handle(Endpoint.TIKTOK_CANCEL, call -> publish.cancel(authorization, body));
  }

  @GET
  @Path("/user/info/")
  public Response userInfo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("fields") String fields) {
    return calls.handle(Endpoint.TIKTOK_USER_INFO, call -> publish.userInfo(authorization, fields));
  }

  private static java.util.Map<String, String> form(String body, HttpHeaders headers) {
    MediaType type = headers.getMediaType();
    if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      throw TikTokOAuthException.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
    }
    return FormBody.firstValues(body);
  }
}
