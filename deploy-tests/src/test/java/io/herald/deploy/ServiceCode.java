package io.herald.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service's code reads, from its sources: application.properties (the prod profile's view), the
 * {@code @ConfigMapping} interfaces and {@code @ConfigProperty} names of the module and of common, and the
 * Quarkus extensions in its pom.
 */
final class ServiceCode {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}$]+)");
  private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern METHOD = Pattern.compile(
      "(?:@WithName\\(\"([^\"]+)\"\\)\\s*)?(?:@\\w+(?:\\([^)]*\\))?\\s*)*[\\w<>?,. \\[\\]]+\\s+(\\w+)\\(\\)\\s*;");
  /** Read by the JVM and glibc, not by Quarkus's configuration. */
  static final Set<String> PROCESS_ENV = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

  final String name;
  final Path module;
  /** Property → value as the prod profile sees it (a %prod. value wins; %dev/%test ones are dropped). */
  final Map<String, String> properties = new LinkedHashMap<>();
  /** Every property name the service reads, as far as its sources say. */
  final Set<String> readProperties = new HashSet<>();
  /** The env-var forms of the names of properties read through @ConfigMapping members. */
  final Set<String> mappedEnvNames = new HashSet<>();
  final String pom;

  private ServiceCode(String name) {
    this.name = name;
    this.module = Deploy.ROOT.resolve(name);
    this.pom = Deploy.read(module.resolve("pom.xml"));
    loadProperties();
    List<Path> sources = new ArrayList<>(javaFiles(module.resolve("src/main/java")));
    sources.addAll(javaFiles(Deploy.ROOT.resolve("common/src/main/java")));
    for (Path source : sources) {
      String text = Deploy.read(source);
      Matcher property = CONFIG_PROPERTY.matcher(text);
      while (property.find()) {
        readProperties.add(property.group(1));
      }
      Matcher mapping = MAPPING.matcher(text);
      List<String> prefixes = new ArrayList<>();
      while (mapping.find()) {
        prefixes.add(mapping.group(1));
      }
      if (!prefixes.isEmpty()) {
        addMapping(prefixes, text);
      }
    }
  }

  private static final Map<String, ServiceCode> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  static ServiceCode of(String service) {
    return CACHE.computeIfAbsent(service, ServiceCode::new);
  }

  private void loadProperties() {
    Properties raw = new Properties();
    try {
      raw.load(new StringReader(Deploy.read(module.resolve("src/main/resources/application.properties"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> prod = new LinkedHashMap<>();
    for (String key : raw.stringPropertyNames()) {
      String value = raw.getProperty(key);
      if (key.startsWith("%")) {
        int dot = key.indexOf('.');
        List<String> profiles = List.of(key.substring(1, dot).split(","));
        String property = key.substring(dot + 1);
        readProperties.add(property);
        if (profiles.contains("prod")) {
          prod.put(property, value);
        }
      } else {
        properties.putIfAbsent(key, value);
        readProperties.add(key);
      }
      Matcher reference = REFERENCE.matcher(value);
      while (reference.find()) {
        readProperties.add(reference.group(1));
      }
    }
    properties.putAll(prod);
  }

  /**
   * The members of the @ConfigMapping interfaces in one file, under each prefix in it, and one group level below
   * (a member returning a nested interface): an over-approximation that still catches a name no member has.
   */
  private void addMapping(List<String> prefixes, String text) {
    List<String> members = new ArrayList<>();
    Matcher method = METHOD.matcher(text);
    while (method.find()) {
      members.add(method.group(1) != null ? method.group(1) : kebab(method.group(2)));
    }
    for (String prefix : prefixes) {
      for (String member : members) {
        mappedEnvNames.add(envName(prefix + "." + member));
        for (String leaf : members) {
          mappedEnvNames.add(envName(prefix + "." + member + "." + leaf));
        }
      }
    }
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** MicroProfile Config's environment-variable form of a property name. */
  static String envName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
  }

  boolean hasExtension(String artifact) {
    return pom.contains("<artifactId>" + artifact + "</artifactId>")
        || ("quarkus-smallrye-health".equals(artifact) && commonPom().contains("<artifactId>" + artifact + "<"));
  }

  private static String commonPom() {
    return Deploy.read(Deploy.ROOT.resolve("common/pom.xml"));
  }

  /** Why this environment variable is read by the service, or empty when nothing in the service reads it. */
  Optional<String> reads(String env) {
    if (PROCESS_ENV.contains(env)) {
      return Optional.of("the JVM/glibc");
    }
    if (env.equals("QUARKUS_PROFILE")) {
      return Optional.of("Quarkus (the profile)");
    }
    for (String property : readProperties) {
      if (envName(property).equals(env)) {
        return Optional.of(property);
      }
    }
    if (mappedEnvNames.contains(env)) {
      return Optional.of("a @ConfigMapping member");
    }
    // Quarkus extension settings the service's extensions read even where application.properties leaves them out.
    if (env.startsWith("QUARKUS_DATASOURCE_") && properties.containsKey("quarkus.datasource.db-kind")
        && Set.of("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_JDBC_MAX_SIZE").contains(env)) {
      return Optional.of("quarkus-agroal (the service has a datasource)");
    }
    return Optional.empty();
  }

  /** The value of a property with this environment, as SmallRye Config would resolve it (expressions expanded). */
  String resolve(String property, Map<String, String> env) {
    String raw = lookup(property, env);
    return raw == null ? null : expand(raw, env, 0);
  }

  private String lookup(String property, Map<String, String> env) {
    String fromEnv = env.get(envName(property));
    if (fromEnv == null) {
      fromEnv = env.get(property);
    }
    return fromEnv != null ? fromEnv : properties.get(property);
  }

  private String expand(String value, Map<String, String> env, int depth) {
    if (depth > 10) {
      throw new AssertionError("expression too deep: " + value);
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      int start = value.indexOf("${", i);
      if (start < 0) {
        out.append(value, i, value.length());
        break;
      }
      out.append(value, i, start);
      int level = 0;
      int end = start;
      for (int j = start; j < value.length(); j++) {
        if (value.startsWith("${", j)) {
          level++;
          j++;
        } else if (value.charAt(j) == '}') {
          level--;
          if (level == 0) {
            end = j;
            break;
          }
        }
      }
      String inner = value.substring(start + 2, end);
      int colon = inner.indexOf(':');
      String name = colon < 0 ? inner : inner.substring(0, colon);
      String found = lookup(name, env);
      if (found == null && colon >= 0) {
        found = inner.substring(colon + 1);
      }
      out.append(found == null ? "" : expand(found, env, depth + 1));
      i = end + 1;
    }
    return out.toString();
  }

  static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
