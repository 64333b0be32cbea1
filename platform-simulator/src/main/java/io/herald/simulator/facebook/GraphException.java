package io.herald.simulator.facebook;

import io.herald.simulator.core.Ids;
import io.herald.simulator.core.PlatformException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Graph API error, answered as
 * {@code {"error":{"message","type","code","error_subcode","fbtrace_id","is_transient"}}}
 * ({@code error_subcode} only when there is one).
 */
public class GraphException extends PlatformException {
  private final int status;
  private final int code;
  private final Integer subcode;
  private final String type;
  private final boolean isTransient;

  public GraphException(int status, int code, Integer subcode, String type, String message, boolean isTransient) {
    super(message);
    this.status = status;
    this.code = code;
    this.subcode = subcode;
    this.type = type;
    this.isTransient = isTransient;
  }

  /** Code 100, invalid parameter. */
  public static GraphException invalidParameter(String message) {
    return new GraphException(400, 100, null, "OAuthException", "(#100) " + message, false);
  }

  public static GraphException invalidParameter(int subcode, String message) {
    return new GraphException(400, 100, subcode, "OAuthException", message, false);
  }

  /** Code 190, the access token is invalid (subcode 463 expired, 460 password changed, 467 invalid...). */
  public static GraphException invalidToken(Integer subcode, String message) {
    return new GraphException(400, 190, subcode, "OAuthException", message, false);
  }

  /** Code 100/33: the object does not exist, may not be read by this token, or does not support the call. */
  public static GraphException unsupported(String id, String verb) {
    return invalidParameter(33, "Unsupported " + verb + " request. Object with ID '" + id
        + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
  }

  /** Code 200, a permission is missing. */
  public static GraphException permission(String message) {
    return new GraphException(403, 200, null, "OAuthException", "(#200) " + message, false);
  }

  public int code() {
    return code;
  }

  public Integer subcode() {
    return subcode;
  }

  @Override
  public Response toResponse() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", getMessage());
    error.put("type", type);
    error.put("code", code);
    if (subcode != null) {
      error.put("error_subcode", subcode);
    }
    error.put("fbtrace_id", Ids.alphanumeric(11));
    error.put("is_transient", isTransient);
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", error)).build();
  }
}
