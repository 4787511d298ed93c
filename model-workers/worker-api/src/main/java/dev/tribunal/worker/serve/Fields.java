package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a request body. JSON null counts as absent, as OpenAI clients send null for
 * unset options. Every failure is a 400 naming the field.
 */
final class Fields {
  private final JsonNode body;

  Fields(JsonNode body) {
    if (body == null || !body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
    this.body = body;
  }

  boolean has(String name) {
    JsonNode v = body.get(name);
    return v != null && !v.isNull();
  }

  JsonNode get(String name) {
    return has(name) ? body.get(name) : null;
  }

  int integer(String name, int fallback, int min, int max) {
    if (!has(name)) return fallback;
    JsonNode v = body.get(name);
    if (!v.canConvertToExactIntegral() || !v.canConvertToInt()) throw ApiError.badField(name, "must be an integer, was " + v);
    int value = v.asInt();
    if (value < min || value > max) throw ApiError.badField(name, "must be in " + min + ".." + max + ", was " + value);
    return value;
  }

  double number(String name, double fallback, double min, double max) {
    if (!has(name)) return fallback;
    JsonNode v = body.get(name);
    if (!v.isNumber()) throw ApiError.badField(name, "must be a number, was " + v);
    double value = v.asDouble();
    if (!(value >= min && value <= max)) throw ApiError.badField(name, "must be in [" + min + ", " + max + "], was " + value);
    return value;
  }

  Long optionalLong(String name) {
    if (!has(name)) return null;
    JsonNode v = body.get(name);
    if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) throw ApiError.badField(name, "must be an integer, was " + v);
    return v.asLong();
  }

  boolean bool(String name, boolean fallback) {
    if (!has(name)) return fallback;
    JsonNode v = body.get(name);
    if (!v.isBoolean()) throw ApiError.badField(name, "must be true or false, was " + v);
    return v.asBoolean();
  }

  String text(String name) {
    if (!has(name)) return null;
    JsonNode v = body.get(name);
    if (!v.isTextual()) throw ApiError.badField(name, "must be a string, was " + v);
    return v.asText();
  }

  /** A string or a list of strings (prompt, stop); empty when absent. */
  List<String> stringOrList(String name) {
    if (!has(name)) return List.of();
    JsonNode v = body.get(name);
    if (v.isTextual()) return List.of(v.asText());
    return strings(name);
  }

  List<String> strings(String name) {
    if (!has(name)) return List.of();
    JsonNode v = body.get(name);
    if (!v.isArray()) throw ApiError.badField(name, "must be a list of strings");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) throw ApiError.badField(name + "[" + i + "]", "must be a string, was " + v.get(i));
      out.add(v.get(i).asText());
    }
    return out;
  }

  List<Integer> integers(String name) {
    if (!has(name)) return List.of();
    JsonNode v = body.get(name);
    if (!v.isArray()) throw ApiError.badField(name, "must be a list of integers");
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).canConvertToExactIntegral() || !v.get(i).canConvertToInt()) {
        throw ApiError.badField(name + "[" + i + "]", "must be an integer, was " + v.get(i));
      }
      out.add(v.get(i).asInt());
    }
    return out;
  }
}
