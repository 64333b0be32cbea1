package io.herald.auth.token;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders {@link OAuthError} in the RFC 6749 §5.2 shape. */
public class OAuthErrorMapper {

  @ServerExceptionMapper
  public Response oauthError(OAuthError e) {
    var body = new LinkedHashMap<String, String>();
    body.put("error", e.error());
    body.put("error_description", e.getMessage());
    var response = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(body)
        .header("Cache-Control", "no-store").header("Pragma", "no-cache");
    if (e.basicChallenge()) {
      response.header("WWW-Authenticate", "Basic realm=\"herald\"");
    }
    return response.build();
  }
}
