package dev.tribunal.worker.nd4j.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.djl.train.TinyTraining;
import dev.tribunal.worker.train.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The DJL engine's tiny test model and data ({@link TinyTraining}) in the variants the parity
 * tests need: any config (tied, Qwen2) written by the DJL engine, and pairs with references away
 * from the policy.
 */
final class TinyCheckpoints {

  private TinyCheckpoints() {}

  /** hidden 32, 2 layers, 4 heads over 2 kv heads (grouped-query), the embedded tokenizer's vocabulary. */
  static LlamaConfig config() {
    return TinyTraining.config();
  }

  /** Random weights of the config, large enough (std 0.3) that the logits are far from uniform. */
  static Path write(Path dir, LlamaConfig config, long seed) {
    try (LlamaWeights w = LlamaWeights.random(config, Device.cpu(), DataType.FLOAT32, seed, 0.3)) {
      return CheckpointWriter.write(dir, w, EmbeddedTokenizer::writeTo, new Lineage(null, 0, "random", "none", Map.of()));
    }
  }

  /** Prompts of 3-6 letters whose response repeats them. */
  static List<TrainingExample> sft(int n, long seed) {
    return TinyTraining.sft(n, seed);
  }

  /**
   * Pairs of different lengths (so padding and the response masks take part) with reference
   * log-probabilities away from the policy's, so h ≠ 0 and every loss is curved where we look.
   */
  static List<TrainingExample> pairs(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] prompt = TinyTraining.letters(rng, 3 + rng.nextInt(4));
      out.add(TrainingExample.preference(prompt, prompt.clone(), TinyTraining.letters(rng, 2 + rng.nextInt(6)),
          -18 - 4 * rng.nextDouble(), -20 - 6 * rng.nextDouble()));
    }
    return out;
  }
}
