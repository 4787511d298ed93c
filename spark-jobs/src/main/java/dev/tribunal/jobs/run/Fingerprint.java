package dev.tribunal.jobs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stage's identity: the fingerprints of what it read, its slice of the configuration, the model
 * version and the code version. Equal parts mean the committed output can be reused.
 */
public final class Fingerprint {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Fingerprint() {}

  /** inputs: table path or external source to its fingerprint. */
  public record Parts(Map<String, String> inputs, JsonNode config, String modelVersion, String codeVersion) {
    public Parts {
      inputs = new TreeMap<>(inputs);
      Objects.requireNonNull(config, "config");
      modelVersion = modelVersion == null ? "" : modelVersion;
    }
  }

  public static String of(Parts parts) {
    try {
      JsonNode tree = CANONICAL.valueToTree(parts);
      byte[] canonical = CANONICAL.writeValueAsString(sorted(tree)).getBytes(StandardCharsets.UTF_8);
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Object keys sorted at every depth, so equal trees hash equally whatever their key order. */
  private static Object sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      node.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
      return m;
    }
    if (node.isArray()) {
      List<Object> l = new ArrayList<>();
      node.forEach(n -> l.add(sorted(n)));
      return l;
    }
    return node;
  }

  /** Human-readable differences, e.g. "config input.max_prompt_chars: 16000 -> 100". */
  public static List<String> diff(Parts before, Parts after) {
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(before.inputs().keySet());
    keys.addAll(after.inputs().keySet());
    for (String k : keys) {
      String a = before.inputs().get(k);
      String b = after.inputs().get(k);
      if (!Objects.equals(a, b)) out.add("input " + k + (a == null ? " added" : b == null ? " removed" : " changed"));
    }
    diffConfig("", before.config(), after.config(), out);
    if (!before.modelVersion().equals(after.modelVersion())) {
      out.add("model version " + before.modelVersion() + " -> " + after.modelVersion());
    }
    if (!Objects.equals(before.codeVersion(), after.codeVersion())) {
      out.add("code version " + before.codeVersion() + " -> " + after.codeVersion());
    }
    return out;
  }

  private static void diffConfig(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) diffConfig(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
    } else if (!Objects.equals(a, b)) {
      out.add("config " + path + ": " + a + " -> " + b);
    }
  }
}
