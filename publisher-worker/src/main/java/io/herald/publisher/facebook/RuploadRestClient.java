package io.herald.publisher.facebook;

import io.herald.publisher.publish.PlatformFailure;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The upload of a Reel's or video Story's bytes by hosted URL ({@code file_url} header), on
 * {@code herald.facebook.upload-url} ({@code https://rupload.facebook.com}) under {@code /video-upload/} and the pinned
 * version ({@code quarkus.rest-client.facebook-upload.url}); Herald builds the path from the video id
 * itself rather than following an address from an answer.
 */
@RegisterRestClient(configKey = "facebook-upload")
@Path("/{videoId}")
@Produces(MediaType.APPLICATION_JSON)
interface RuploadRestClient {

  /** Not a {@link SideEffect}: bytes for an unpublished video make nothing public, and sending them again is safe. */
  @POST
  RestResponse<Uploaded> uploadByUrl(@PathParam("videoId") String videoId,
      @HeaderParam("Authorization") String oauth, @HeaderParam("file_url") String fileUrl);

  @ClientExceptionMapper
  static PlatformFailure failure(Response response, Method operation) {
    return PlatformFailure.answered(response, operation, FacebookErrors::classify);
  }

  record Uploaded(Boolean success) {}
}
