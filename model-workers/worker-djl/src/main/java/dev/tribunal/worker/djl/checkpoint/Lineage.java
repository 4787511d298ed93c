package dev.tribunal.worker.djl.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a checkpoint came from: its parent checkpoint (null for a seed), the self-improvement
 * iteration that produced it, the training objective (e.g. "sft", "dpo"), a fingerprint of the
 * training data, and the metrics measured when it was written. Stored as lineage.json.
 */
public record Lineage(
    @JsonProperty("parent") String parent,
    @JsonProperty("iteration") int iteration,
    @JsonProperty("objective") String objective,
    @JsonProperty("data_fingerprint") String dataFingerprint,
    @JsonProperty("metrics") Map<String, Double> metrics) {

  public static final String FILE = "lineage.json";

  public Lineage {
    if (iteration < 0) throw new IllegalArgumentException("lineage: iteration must be >= 0, was " + iteration);
    if (objective == null || objective.isBlank()) throw new IllegalArgumentException("lineage: objective is required");
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics); // sorted, so the file is stable
  }

  public static Lineage read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      return LlamaConfig.JSON.readValue(file.toFile(), Lineage.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public void write(Path dir) {
    try {
      Files.writeString(dir.resolve(FILE), LlamaConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + FILE + " in " + dir, e);
    }
  }
}
