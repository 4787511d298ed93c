package dev.tribunal.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a user's tree against the defaults' shape. The defaults name every key; an empty
 * mapping in the defaults (like spark.conf) is free-form and takes any keys with scalar values.
 */
final class ConfigShape {
  private ConfigShape() {}

  static void check(JsonNode user, JsonNode defaults, String prefix) {
    for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) user::fields) {
      String key = prefix + field.getKey();
      JsonNode expected = defaults.get(field.getKey());
      if (expected == null) {
        throw new ConfigException("unknown key '" + key + "'; allowed here: " + allowed(defaults));
      }
      checkValue(key, field.getValue(), expected);
    }
  }

  private static void checkValue(String key, JsonNode value, JsonNode expected) {
    if (expected.isObject() && expected.isEmpty()) {
      requireMapping(key, value);
      value.fields().forEachRemaining(e -> {
        if (e.getValue().isContainerNode()) {
          throw new ConfigException(key + "." + e.getKey() + ": must be a plain value");
        }
      });
    } else if (expected.isObject()) {
      requireMapping(key, value);
      check(value, expected, key + ".");
    } else if (value.isContainerNode() && !expected.isContainerNode() && !expected.isNull()) {
      throw new ConfigException(key + ": must be a plain value, not a " + (value.isArray() ? "list" : "mapping"));
    }
  }

  private static void requireMapping(String key, JsonNode value) {
    if (!value.isObject()) throw new ConfigException(key + ": must be a mapping");
  }

  static boolean isFreeForm(JsonNode defaults) {
    return defaults != null && defaults.isObject() && defaults.isEmpty();
  }

  private static String allowed(JsonNode defaults) {
    List<String> names = new ArrayList<>();
    defaults.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }
}
