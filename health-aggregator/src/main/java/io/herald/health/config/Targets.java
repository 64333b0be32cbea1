package io.herald.health.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The configured targets, parsed once at start; a malformed list stops the service with a message naming the entry.
 */
@ApplicationScoped
public class Targets {
  private final List<Target> all;

  Targets(HealthConfig config) {
    var byName = new LinkedHashMap<String, Target>();
    for (Target t : parse(config.targets(), Target.Kind.SERVICE, "herald.health.targets")) {
      byName.put(t.name(), t);
    }
    for (Target t : parse(config.platforms(), Target.Kind.PLATFORM, "herald.health.platforms")) {
      if (byName.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("herald.health.platforms: the name '" + t.name() + "' is already a service");
      }
    }
    this.all = List.copyOf(byName.values());
  }

  public List<Target> all() {
    return all;
  }

  public Optional<Target> byName(String name) {
    return all.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Parses {@code name=url,...}; {@code key} names the setting in error messages. */
  public static List<Target> parse(String list, Target.Kind kind, String key) {
    var result = new ArrayList<Target>();
    if (list == null || list.isBlank()) {
      return result;
    }
    for (String entry : list.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0 || eq == trimmed.length() - 1) {
        throw new IllegalArgumentException(key + ": '" + trimmed + "' is not name=baseUrl");
      }
      String name = trimmed.substring(0, eq).trim();
      if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            key + ": the name '" + name + "' may only hold letters, digits, '.', '_' and '-'");
      }
      result.add(new Target(name, url(trimmed.substring(eq + 1).trim(), key), kind));
    }
    return result;
  }

  static URI url(String value, String key) {
    try {
      URI uri = URI.create(value.replaceAll("/+$", ""));
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(key + ": '" + value + "' is not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not an http(s) URL", e);
    }
  }
}
