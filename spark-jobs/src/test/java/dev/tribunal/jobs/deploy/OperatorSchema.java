package dev.tribunal.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The spark-operator's v1beta2 schema (test resource spark-operator-v1beta2.schema.yaml, its source
 * noted there), strict as kubectl's field validation: unknown fields are errors.
 */
final class OperatorSchema {
  private static final String RESOURCE = "/dev/tribunal/jobs/deploy/spark-operator-v1beta2.schema.yaml";
  private static final ObjectNode DOCUMENT = strict(load());

  private OperatorSchema() {}

  /** The errors of a manifest against the schema of its kind (SparkApplication, ScheduledSparkApplication). */
  static List<String> errors(JsonNode manifest) {
    String kind = manifest.path("kind").asText();
    if (!DOCUMENT.path("$defs").has(kind)) return List.of("kind '" + kind + "' is not in the operator's schema");
    ObjectNode root = DOCUMENT.deepCopy();
    root.put("$ref", "#/$defs/" + kind);
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
    return schema.validate(manifest).stream().map(Error::toString).toList();
  }

  private static ObjectNode load() {
    try (InputStream in = OperatorSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing");
      return (ObjectNode) DeployFiles.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges allOf references into their object and closes every object that lists its properties. */
  private static ObjectNode strict(ObjectNode doc) {
    ObjectNode defs = (ObjectNode) doc.get("$defs");
    defs.fields().forEachRemaining(e -> inheritAllOf((ObjectNode) e.getValue(), defs));
    close(doc);
    return doc;
  }

  private static void inheritAllOf(ObjectNode schema, ObjectNode defs) {
    if (!schema.has("allOf")) return;
    ObjectNode properties = (ObjectNode) schema.get("properties");
    for (JsonNode part : (ArrayNode) schema.remove("allOf")) {
      String ref = part.path("$ref").asText().replace("#/$defs/", "");
      defs.get(ref).get("properties").fields().forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
    }
  }

  private static void close(JsonNode node) {
    if (node instanceof ObjectNode o) {
      // Kubernetes' own keyword, used here and then dropped (JSON Schema does not know it).
      boolean open = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      o.remove("x-kubernetes-preserve-unknown-fields");
      if (o.has("properties") && !o.has("additionalProperties") && !open) o.put("additionalProperties", false);
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) close(it.next().getValue());
    } else if (node instanceof ArrayNode a) {
      a.forEach(OperatorSchema::close);
    }
  }
}
