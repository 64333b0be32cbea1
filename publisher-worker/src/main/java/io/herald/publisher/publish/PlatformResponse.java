package io.herald.publisher.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.herald.common.json.JsonBuffers;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A platform's HTTP answer, read fully: status, headers (case-insensitive) and body. */
public record PlatformResponse(int status, Map<String, String> headers, String body) {
  public static PlatformResponse read(Response response) {
    try (response) {
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      return new PlatformResponse(response.getStatus(), headers(response.getStringHeaders()), body == null ? "" : body);
    }
  }

  /** The first value of each header, by lowercase name. */
  public static Map<String, String> headers(MultivaluedMap<String, String> all) {
    var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    all.forEach((name, values) -> {
      if (!values.isEmpty()) {
        headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
      }
    });
    return headers;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The body as JSON, or a missing node when it is not JSON. */
  public JsonNode json() {
    return parse(body);
  }

  public static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JsonBuffers.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }
}
