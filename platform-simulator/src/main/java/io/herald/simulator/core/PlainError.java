package io.herald.simulator.core;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** An error without a JSON body (upload and media endpoints answer with a status and headers only). */
public class PlainError extends PlatformException {
  private final int status;
  private final Map<String, String> headers;

  public PlainError(int status, String message) {
    this(status, message, Map.of());
  }

  public PlainError(int status, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public Response toResponse() {
    var builder = Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(getMessage());
    headers.forEach(builder::header);
    return builder.build();
  }
}
