package io.herald.simulator.tiktok;

import io.herald.simulator.core.Ids;
import io.herald.simulator.core.PlatformException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;

/** A Login Kit OAuth error, answered as {@code {"error","error_description","log_id"}}. */
public class TikTokOAuthException extends PlatformException {
  private final int status;
  private final String error;

  public TikTokOAuthException(int status, String error, String description) {
    super(description);
    this.status = status;
    this.error = error;
  }

  public static TikTokOAuthException invalidGrant(String description) {
    return new TikTokOAuthException(400, "invalid_grant", description);
  }

  public static TikTokOAuthException invalidRequest(String description) {
    return new TikTokOAuthException(400, "invalid_request", description);
  }

  public static TikTokOAuthException invalidClient(String description) {
    return new TikTokOAuthException(401, "invalid_client", description);
  }

  public String error() {
    return error;
  }

  @Override
  public Response toResponse() {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", error);
    body.put("error_description", getMessage());
    body.put("log_id", Ids.logId());
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
