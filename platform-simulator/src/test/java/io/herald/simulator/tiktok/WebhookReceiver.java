package io.herald.simulator.tiktok;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A test-only callback that records the webhooks the simulator sends it, and can refuse the next few. */
@Path("/test/webhook-receiver")
@ApplicationScoped
public class WebhookReceiver {
  /** One received request. */
  public record Received(String signature, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusals = new AtomicInteger();

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response receive(@HeaderParam("TikTok-Signature") String signature, String body) {
    received.add(new Received(signature, body));
    return refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? Response.status(503).build() : Response.ok().build();
  }

  /** Answers 503 to the next {@code count} deliveries. */
  public void refuseNext(int count) {
    refusals.set(count);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public void clear() {
    received.clear();
    refusals.set(0);
  }
}
