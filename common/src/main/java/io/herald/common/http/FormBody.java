package io.herald.common.http;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads an {@code application/x-www-form-urlencoded} body. Quarkus' own form reader throws an
 * IllegalArgumentException (a 500) on a broken escape such as {@code %zz}; here that is an empty answer the caller
 * turns into its own 400.
 */
public final class FormBody {
  private FormBody() {}

  public static Optional<MultivaluedMap<String, String>> parse(String body) {
    var form = new MultivaluedHashMap<String, String>();
    if (body == null || body.isEmpty()) {
      return Optional.of(form);
    }
    try {
      for (String pair : body.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.add(name, value);
      }
      return Optional.of(form);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The first value of each name; a body that cannot be read has none. */
  public static java.util.Map<String, String> firstValues(String body) {
    var values = new java.util.LinkedHashMap<String, String>();
    parse(body).ifPresent(form -> form.forEach((name, all) -> values.put(name, all.get(0))));
    return values;
  }
}
