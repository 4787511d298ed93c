package dev.tribunal.jobs.rlaif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads few-shot exemplars from a JSON Lines file; a bad line fails naming the file and line. */
public final class Exemplars {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Exemplars() {}

  /** None for an empty path. */
  public static List<Exemplar> read(String path) {
    if (path == null || path.isEmpty()) return List.of();
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("rlaif.exemplars: cannot read " + path + ": " + e.getMessage());
    }
    List<Exemplar> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      try {
        out.add(parse(JSON.readTree(lines.get(i))));
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException("rlaif.exemplars: " + path + ":" + (i + 1) + ": " + e.getMessage()
            + " (expected {\"context\", \"response_1\", \"response_2\", \"label\": 1 or 2, \"rationale\"})");
      }
    }
    return List.copyOf(out);
  }

  private static Exemplar parse(JsonNode n) {
    if (!n.isObject()) throw new IllegalArgumentException("not a JSON object");
    JsonNode label = n.path("label");
    if (!label.isInt()) throw new IllegalArgumentException("label must be the integer 1 or 2");
    return new Exemplar(text(n, "context"), text(n, "response_1"), text(n, "response_2"),
        n.hasNonNull("rationale") ? text(n, "rationale") : null, label.asInt());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) throw new IllegalArgumentException(field + " must be a string");
    return v.asText();
  }
}
