package io.herald.simulator.published;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** Inspection: everything created on the simulated platforms, optionally by platform and account. */
@Path("/_sim/published")
public class PublishedResource {
  private final PublishedStore published;

  PublishedResource(PublishedStore published) {
    this.published = published;
  }

  @GET
  public List<PublishedItem> list(@QueryParam("platform") String platform, @QueryParam("account") String account) {
    return published.list(platform, account);
  }
}
