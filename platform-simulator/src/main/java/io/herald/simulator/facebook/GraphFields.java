package io.herald.simulator.facebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Graph {@code fields} selection such as {@code id,message,attachments{subattachments{target{id}},target{id}}}:
 * top-level names (commas inside braces do not separate them), each with an optional nested selection. Modifiers
 * such as {@code .limit(5)} are accepted and ignored.
 *
 * @param fields the selected fields, in the order asked
 */
public record GraphFields(List<Field> fields) {

  /**
   * One selected field.
   *
   * @param name     the field name
   * @param children the nested selection, or null for the whole value
   */
  public record Field(String name, List<Field> children) {}

  /** Parses {@code spec} (else {@code defaults}); a top-level name not in {@code known} is error 100. */
  public static GraphFields parse(String spec, String defaults, Set<String> known, String nodeType) {
    var fields = parse(spec == null ? defaults : spec);
    for (Field field : fields) {
      if (!known.contains(field.name())) {
        throw GraphException.invalidParameter(
            "Tried accessing nonexisting field (" + field.name() + ") on node type (" + nodeType + ")");
      }
    }
    return new GraphFields(fields);
  }

  /** The selected part of a node's full rendering; Graph always includes {@code id}. */
  public Map<String, Object> select(Map<String, Object> node) {
    @SuppressWarnings("unchecked")
    var selected = (Map<String, Object>) project(node, fields);
    if (!selected.containsKey("id") && node.containsKey("id")) {
      var withId = new LinkedHashMap<String, Object>();
      withId.put("id", node.get("id"));
      withId.putAll(selected);
      return withId;
    }
    return selected;
  }

  private static List<Field> parse(String spec) {
    var fields = new ArrayList<Field>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= spec.length(); i++) {
      char c = i < spec.length() ? spec.charAt(i) : ',';
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth < 0) {
        throw GraphException.invalidParameter("Syntax error in fields: unbalanced '}'");
      } else if (c == ',' && depth == 0) {
        String item = spec.substring(start, i).trim();
        if (!item.isEmpty()) {
          fields.add(field(item));
        }
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw GraphException.invalidParameter("Syntax error in fields: unbalanced '{'");
    }
    return fields;
  }

  private static Field field(String item) {
    int brace = item.indexOf('{');
    String head = brace < 0 ? item : item.substring(0, brace);
    int modifier = head.indexOf('.');
    String name = (modifier < 0 ? head : head.substring(0, modifier)).trim();
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw GraphException.invalidParameter("Syntax error in fields near \"" + item + "\"");
    }
    return new Field(name, brace < 0 ? null : parse(item.substring(brace + 1, item.lastIndexOf('}'))));
  }

  /** Keeps the selected keys of maps, through lists and edges ({@code {"data":[...]}}); absent keys stay absent. */
  private static Object project(Object value, List<Field> selection) {
    if (selection == null) {
      return value;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(item -> project(item, selection)).toList();
    }
    if (!(value instanceof Map<?, ?> map)) {
      return value;
    }
    if (map.get("data") instanceof List<?> edge) {
      return Map.of("data", project(edge, selection));
    }
    var selected = new LinkedHashMap<String, Object>();
    for (Field field : selection) {
      if (map.containsKey(field.name())) {
        selected.put(field.name(), project(map.get(field.name()), field.children()));
      }
    }
    return selected;
  }
}
