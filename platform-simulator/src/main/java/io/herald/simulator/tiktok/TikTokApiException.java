package io.herald.simulator.tiktok;

import io.herald.simulator.core.PlatformException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A Content Posting API error, answered in the {@code {"data":{}, "error":{code,message,log_id}}} envelope. */
public class TikTokApiException extends PlatformException {
  private final int status;
  private final String code;

  public TikTokApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static TikTokApiException invalidParam(String message) {
    return new TikTokApiException(400, "invalid_param", message);
  }

  public static TikTokApiException tokenInvalid() {
    return new TikTokApiException(401, "access_token_invalid",
        "The access token is invalid or not found in the request.");
  }

  public String code() {
    return code;
  }

  @Override
  public Response toResponse() {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(TikTokEnvelope.of(Map.of(), code, getMessage())).build();
  }
}
