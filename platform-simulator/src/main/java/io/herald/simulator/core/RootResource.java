package io.herald.simulator.core;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The origin itself: says what answers here, so a probe of a platform base URL gets a 200. */
@Path("/")
public class RootResource {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> describe() {
    return Map.of(
        "service", "platform-simulator",
        "simulates", List.of("graph.facebook.com", "graph-video.facebook.com", "www.facebook.com",
            "open.tiktokapis.com", "www.tiktok.com", "open-upload.tiktokapis.com"),
        "control", "/_sim",
        "docs", "platform-simulator/README.md");
  }
}
