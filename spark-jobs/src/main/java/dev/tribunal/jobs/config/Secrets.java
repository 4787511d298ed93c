package dev.tribunal.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * Masks secret values before anything is printed. Spark's own redaction regex
 * ((?i)secret|password|token|access[.]?key) misses api_key, so ours keeps Spark's and adds it and friends
 * (deploy/conf/spark-defaults-gpu.conf and the Kubernetes manifests carry the same regex).
 */
public final class Secrets {
  public static final String REGEX = "(?i)secret|password|passwd|token|access[_.-]?key|api[_.-]?key|credential|private[_.-]?key";
  private static final Pattern SECRET = Pattern.compile(REGEX);
  static final String MASK = "*****";

  private Secrets() {}

  public static boolean isSecretKey(String key) {
    return SECRET.matcher(key).find();
  }

  /** A copy of the tree with every secret-looking key's value replaced by a mask. */
  public static ObjectNode masked(ObjectNode tree) {
    ObjectNode copy = tree.deepCopy();
    mask(copy);
    return copy;
  }

  private static void mask(JsonNode node) {
    if (!(node instanceof ObjectNode obj)) return;
    obj.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode() && !e.getValue().isNull() && isSecretKey(e.getKey())) {
        e.setValue(obj.textNode(MASK));
      } else {
        mask(e.getValue());
      }
    });
  }

  /** The effective configuration as YAML, secrets masked: what a run prints at start. */
  public static String dump(ObjectNode tree) {
    try {
      return ConfigLoader.YAML.writeValueAsString(masked(tree)).replaceFirst("^---\\n", "");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
