package io.herald.publisher.tiktok;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** TikTok's Content Posting API (platform-apis.md §B3), on {@code herald.tiktok.api-url}. */
@RegisterRestClient(configKey = "tiktok")
@Path("/v2/post/publish")
@Produces(MediaType.APPLICATION_JSON)
@Consumes("application/json; charset=UTF-8")
interface TikTokRestClient {

  @POST
  @Path("/creator_info/query/")
  Response creatorInfo(@HeaderParam("Authorization") String bearer, Map<String, Object> empty);

  @POST
  @Path("/video/init/")
  Response videoInit(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @POST
  @Path("/inbox/video/init/")
  Response inboxVideoInit(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @POST
  @Path("/content/init/")
  Response contentInit(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @POST
  @Path("/status/fetch/")
  Response statusFetch(@HeaderParam("Authorization") String bearer, Map<String, Object> body);
}
