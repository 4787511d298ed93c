package dev.tribunal.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;

/** Tree operations: deep merge, and --set key.path=value overrides. */
final class ConfigTree {
  private ConfigTree() {}

  static void merge(ObjectNode target, JsonNode source) {
    source.fields().forEachRemaining(e -> {
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode obj && e.getValue().isObject()) {
        merge(obj, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue());
      }
    });
  }

  /**
   * Applies "a.b.c=value". The value is read as a YAML scalar, so numbers and booleans keep their
   * type, or as a flow list ("[0, 0.2]"). Inside a free-form mapping the rest of the path is one key, so Spark keys keep their dots:
   * spark.conf.spark.sql.shuffle.partitions=4.
   */
  static void set(ObjectNode tree, ObjectNode defaults, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) throw new ConfigException("--set '" + assignment + "': expected key.path=value");
    String[] parts = assignment.substring(0, eq).trim().split("\\.");
    JsonNode value = scalar(assignment.substring(eq + 1));
    ObjectNode probe = ConfigLoader.YAML.createObjectNode();
    ObjectNode cursor = probe;
    JsonNode shape = defaults;
    for (int i = 0; i < parts.length; i++) {
      if (ConfigShape.isFreeForm(shape)) {
        cursor.set(String.join(".", Arrays.copyOfRange(parts, i, parts.length)), value);
        break;
      }
      if (i == parts.length - 1) {
        cursor.set(parts[i], value);
        break;
      }
      cursor = cursor.putObject(parts[i]);
      shape = shape == null ? null : shape.get(parts[i]);
    }
    ConfigShape.check(probe, defaults, ""); // an unknown key is named with the allowed ones
    merge(tree, probe);
  }

  private static JsonNode scalar(String text) {
    try {
      JsonNode node = ConfigLoader.YAML.readTree(text.isEmpty() ? "''" : text);
      if (node == null || node.isMissingNode()) return ConfigLoader.YAML.getNodeFactory().textNode("");
      if (node.isArray()) return node; // [0, 0.2] for a list key; the shape check refuses it elsewhere
      if (node.isContainerNode()) return ConfigLoader.YAML.getNodeFactory().textNode(text);
      return node;
    } catch (IOException e) {
      return ConfigLoader.YAML.getNodeFactory().textNode(text);
    }
  }
}
