package io.herald.simulator.media;

import io.herald.simulator.control.ControlException;
import io.herald.simulator.core.Endpoint;
import io.herald.simulator.core.PlatformCalls;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * Media files for demos and tests: {@code /media/demo.mp4?bytes=12000000} streams that many deterministic bytes
 * (the same name and size always give the same bytes) with the content type of the extension; {@code bytes=0} is
 * an empty body (a file no platform accepts), fewer bytes than the format's magic a truncated file.
 */
@Path("/media")
public class MediaResource {
  static final long MAX_BYTES = 4L * 1024 * 1024 * 1024;

  private final PlatformCalls calls;

  MediaResource(PlatformCalls calls) {
    this.calls = calls;
  }

  @GET
  @Path("/{name}")
  public Response media(@PathParam("name") String name, @QueryParam("bytes") Long bytes) {
    MediaFile file = MediaFile.of(name);
    long size = bytes == null ? file.defaultSize() : bytes;
    if (size < 0 || size > MAX_BYTES) {
      throw ControlException.invalid("bytes", "must be between 0 and " + MAX_BYTES);
    }
    return calls.handle(Endpoint.MEDIA, call -> Response.ok((StreamingOutput) out -> file.write(out, size))
        .type(file.contentType())
        .header(HttpHeaders.CONTENT_LENGTH, size)
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
        .build());
  }
}
