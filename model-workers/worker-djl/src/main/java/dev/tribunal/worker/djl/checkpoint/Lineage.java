package dev.tribunal.worker.djl.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 *
 * @param settings   the objective's own knobs (BOND's "bond_beta", an anchor update's "eta");
 *                   left out of the file when empty
 * @param mergedWith the second parent of a weight blend (J-BOND's policy, blended into the
 *                   anchor named by parent); null, and left out, for a trained checkpoint
 */
public record Lineage(
    @JsonProperty("parent") String parent,
    @JsonProperty("iteration") int iteration,
    @JsonProperty("objective") String objective,
    @JsonProperty("data_fingerprint") String dataFingerprint,
    @JsonProperty("metrics") Map<String, Double> metrics,
    @JsonProperty("settings") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> settings,
    @JsonProperty("merged_with") @JsonInclude(JsonInclude.Include.NON_NULL) String mergedWith) {

  public static final String FILE = "lineage.json";

  public Lineage {
    if (iteration < 0) throw new IllegalArgumentException("lineage: iteration must be >= 0, was " + iteration);
    if (objective == null || objective.isBlank()) throw new IllegalArgumentException("lineage: objective is required");
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics); // sorted, so the file is stable
    settings = settings == null ? Map.of() : new TreeMap<>(settings);
  }

  /** A checkpoint trained from one parent, with no knobs to record. */
  public Lineage(String parent, int iteration, String objective, String dataFingerprint, Map<String, Double> metrics) {
    this(parent, iteration, objective, dataFingerprint, metrics, Map.of(), null);
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
