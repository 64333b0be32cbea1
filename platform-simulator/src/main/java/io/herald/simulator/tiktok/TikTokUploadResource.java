package io.herald.simulator.tiktok;

import io.herald.simulator.core.Endpoint;
import io.herald.simulator.core.PlatformCalls;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The upload URL init returns (open-upload.tiktokapis.com's {@code /video/}), one chunk per PUT. */
@Path("/upload/video/")
public class TikTokUploadResource {
  private final TikTokUploadService uploads;
  private final PlatformCalls calls;

  TikTokUploadResource(TikTokUploadService uploads, PlatformCalls calls) {
    this.uploads = uploads;
    this.calls = calls;
  }

  @PUT
  @Consumes(MediaType.WILDCARD)
  public Response put(@QueryParam("upload_id") String uploadId, @QueryParam("upload_token") String uploadToken,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @HeaderParam("Content-Range") String contentRange,
      byte[] body) {
    return calls.handle(Endpoint.TIKTOK_UPLOAD,
        call -> uploads.put(uploadId, uploadToken, contentType, contentRange, body));
  }
}
