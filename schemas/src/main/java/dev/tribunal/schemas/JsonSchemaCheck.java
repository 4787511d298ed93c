package dev.tribunal.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares a table's Spark schema with its JSON Schema, recursively: column names and order,
 * types, and nullability (a non-nullable column is required and its type excludes "null"; a
 * nullable one is optional and its type includes "null"). Integers carry a format, int32 or
 * int64, so readers in other languages know the width. Local references ("$ref": "#/$defs/x")
 * are followed. Each mismatch names table and field.
 */
public final class JsonSchemaCheck {
  private final JsonNode root;
  private final List<String> out = new ArrayList<>();

  private JsonSchemaCheck(JsonNode root) {
    this.root = root;
  }

  /** All differences between the two schemas; empty when they agree. */
  public static List<String> mismatches(String table, StructType spark, JsonNode json) {
    JsonSchemaCheck check = new JsonSchemaCheck(json);
    check.compareStruct(table, spark, json);
    return List.copyOf(check.out);
  }

  private void compareStruct(String path, StructType struct, JsonNode schema) {
    JsonNode node = resolve(path, schema);
    JsonNode properties = node.path("properties");
    if (!properties.isObject()) {
      out.add(path + ": JSON Schema has no properties for Spark struct " + struct.simpleString());
      return;
    }
    Set<String> required = strings(node.path("required"));
    List<String> sparkNames = Arrays.asList(struct.fieldNames());
    List<String> jsonNames = new ArrayList<>();
    properties.fieldNames().forEachRemaining(jsonNames::add);
    for (StructField field : struct.fields()) {
      JsonNode property = properties.get(field.name());
      if (property == null) {
        out.add(path + "." + field.name() + ": in the Spark schema, missing from the JSON Schema");
      } else {
        compareField(path + "." + field.name(), field, property, required.contains(field.name()));
      }
    }
    for (String name : jsonNames) {
      if (!sparkNames.contains(name)) {
        out.add(path + "." + name + ": in the JSON Schema, missing from the Spark schema");
      }
    }
    for (String name : required) {
      if (!jsonNames.contains(name)) {
        out.add(path + "." + name + ": required by the JSON Schema but not among its properties");
      }
    }
    if (new LinkedHashSet<>(sparkNames).equals(new LinkedHashSet<>(jsonNames))
        && !sparkNames.equals(jsonNames)) {
      out.add(path + ": column order differs: Spark " + sparkNames + ", JSON Schema " + jsonNames);
    }
  }

  private void compareField(String path, StructField field, JsonNode property,
      boolean required) {
    if (field.nullable() == required) {
      out.add(path + ": Spark nullable=" + field.nullable() + " but the JSON Schema "
          + (required ? "requires it" : "does not require it"));
    }
    compareType(path, field.dataType(), field.nullable(), property);
  }

  private void compareType(String path, DataType type, boolean nullable, JsonNode schema) {
    JsonNode node = resolve(path, schema);
    Set<String> jsonTypes = strings(node.path("type"));
    boolean jsonNull = jsonTypes.remove("null");
    if (jsonNull != nullable) {
      out.add(path + ": Spark nullable=" + nullable + " but the JSON type "
          + (jsonNull ? "allows" : "excludes") + " null");
    }
    String expected = jsonType(type);
    if (expected == null) {
      out.add(path + ": Spark type " + type.simpleString() + " has no JSON Schema mapping");
      return;
    }
    if (!jsonTypes.equals(Set.of(expected))) {
      out.add(path + ": Spark type " + type.simpleString() + " needs JSON type " + expected
          + ", found " + jsonTypes);
      return;
    }
    compareDetail(path, type, node);
  }

  private void compareDetail(String path, DataType type, JsonNode node) {
    if (type instanceof IntegerType || type instanceof LongType) {
      String format = type instanceof IntegerType ? "int32" : "int64";
      if (!format.equals(node.path("format").asText(null))) {
        out.add(path + ": Spark type " + type.simpleString() + " needs format " + format
            + ", found " + node.path("format"));
      }
    } else if (type instanceof ArrayType array) {
      compareNested(path + "[]", array.elementType(), array.containsNull(), node.get("items"),
          "items");
    } else if (type instanceof MapType map) {
      if (!(map.keyType() instanceof StringType)) {
        out.add(path + ": map keys must be strings to be JSON object keys");
      }
      compareNested(path + "{}", map.valueType(), map.valueContainsNull(),
          node.get("additionalProperties"), "additionalProperties");
    } else if (type instanceof StructType struct) {
      compareStruct(path, struct, node);
    }
  }

  private void compareNested(String path, DataType type, boolean nullable, JsonNode node,
      String keyword) {
    if (node == null || !node.isObject()) {
      out.add(path + ": JSON Schema has no '" + keyword + "' schema");
    } else {
      compareType(path, type, nullable, node);
    }
  }

  /** The schema a local "$ref" points to, or the node itself when it has none. */
  private JsonNode resolve(String path, JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = ref.asText().startsWith("#") ? root.at(ref.asText().substring(1)) : null;
    if (target == null || target.isMissingNode()) {
      out.add(path + ": unresolvable $ref " + ref);
      return MissingNode.getInstance();
    }
    return target;
  }

  /** JSON Schema's name for a Spark type; maps and structs are both JSON objects. */
  private static String jsonType(DataType type) {
    if (type instanceof StringType) {
      return "string";
    } else if (type instanceof IntegerType || type instanceof LongType) {
      return "integer";
    } else if (type instanceof DoubleType) {
      return "number";
    } else if (type instanceof BooleanType) {
      return "boolean";
    } else if (type instanceof ArrayType) {
      return "array";
    } else if (type instanceof MapType || type instanceof StructType) {
      return "object";
    }
    return null;
  }

  /** A string or an array of strings, as a mutable ordered set. */
  private static Set<String> strings(JsonNode node) {
    Set<String> out = new LinkedHashSet<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(element -> out.add(element.asText()));
    }
    return out;
  }
}
