package io.herald.simulator.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.http.FormBody;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parameters of a Graph call, from the query string and a JSON or form body (Graph accepts both), and the
 * access token from {@code access_token} or {@code Authorization: Bearer|OAuth}.
 */
public final class GraphParams {
  private final Map<String, JsonNode> values;
  private final String token;

  private GraphParams(Map<String, JsonNode> values, String token) {
    this.values = values;
    this.token = token;
  }

  public static GraphParams of(UriInfo uri, HttpHeaders headers, String body, ObjectMapper json) {
    Map<String, JsonNode> values = new HashMap<>();
    uri.getQueryParameters().forEach((name, list) -> values.put(name, json.getNodeFactory().textNode(list.getFirst())));
    if (body != null && !body.isBlank()) {
      MediaType type = headers.getMediaType();
      if (type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
        multipart(body, type.getParameters().get("boundary"))
            .forEach((name, value) -> values.put(name, json.getNodeFactory().textNode(value)));
        return new GraphParams(values, token(values, headers));
      }
      boolean isJson = type != null ? type.isCompatible(MediaType.APPLICATION_JSON_TYPE) : body.trim().startsWith("{");
      if (isJson) {
        JsonNode node;
        try {
          node = json.readTree(body);
        } catch (Exception e) {
          throw GraphException.invalidParameter("The request body is not valid JSON");
        }
        if (!node.isObject()) {
          throw GraphException.invalidParameter("The request body must be a JSON object");
        }
        node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
      } else {
        FormBody.firstValues(body).forEach((name, value) -> values.put(name, json.getNodeFactory().textNode(value)));
      }
    }
    return new GraphParams(values, token(values, headers));
  }

  private static String token(Map<String, JsonNode> values, HttpHeaders headers) {
    String token = text(values.get("access_token"));
    String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (token == null && authorization != null) {
      for (String scheme : new String[] {"Bearer ", "OAuth "}) {
        if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
          token = authorization.substring(scheme.length()).trim();
        }
      }
    }
    return token;
  }

  /**
   * The parts of a {@code multipart/form-data} body (how Graph takes files such as a video's {@code thumb}): a text
   * part by its value, a file part as {@code filename (N bytes)}.
   */
  static Map<String, String> multipart(String body, String boundary) {
    if (boundary == null || boundary.isBlank()) {
      throw GraphException.invalidParameter("A multipart body needs its boundary");
    }
    Map<String, String> parts = new HashMap<>();
    for (String part : body.split("--" + Pattern.quote(boundary))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) {
        continue;
      }
      String head = part.substring(0, split);
      String content = part.substring(split + 4);
      content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
      var name = Pattern.compile("name=\"([^\"]*)\"").matcher(head);
      if (!name.find()) {
        continue;
      }
      var file = Pattern.compile("filename=\"([^\"]*)\"").matcher(head);
      parts.put(name.group(1), file.find()
          ? file.group(1) + " (" + content.getBytes(StandardCharsets.ISO_8859_1).length + " bytes)"
          : content);
    }
    return parts;
  }

  /** The access token, if the call carried one. */
  public Optional<String> token() {
    return Optional.ofNullable(token).filter(t -> !t.isBlank());
  }

  /** A parameter as text ({@code null} when absent or blank). */
  public String get(String name) {
    String value = text(values.get(name));
    return value == null || value.isBlank() ? null : value;
  }

  /** A parameter as a JSON node: form values holding JSON (e.g. {@code attached_media}) are parsed. */
  public Optional<JsonNode> node(String name, ObjectMapper json) {
    JsonNode node = values.get(name);
    if (node != null && node.isTextual()) {
      try {
        return Optional.of(json.readTree(node.asText()));
      } catch (Exception e) {
        throw GraphException.invalidParameter("Param " + name + " must be JSON");
      }
    }
    return Optional.ofNullable(node);
  }

  /** A time parameter as Unix seconds or ISO-8601 (null when absent); unparsable: 100 with {@code error}. */
  public Instant time(String name, String error) {
    String raw = get(name);
    if (raw == null) {
      return null;
    }
    try {
      return raw.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(raw))
          : OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      throw GraphException.invalidParameter(error);
    }
  }

  /** A boolean parameter ({@code true}/{@code false}, as JSON or text). */
  public boolean flag(String name, boolean defaultValue) {
    String value = get(name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.toLowerCase()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw GraphException.invalidParameter("Param " + name + " must be a boolean");
    };
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
