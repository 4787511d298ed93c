package dev.tribunal.worker.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import java.nio.file.Path;

/**
 * Checkpoints made without a parent model, and copies in another precision: plain Java values in
 * and out, for callers that must not touch tensors (the CLI that builds the embedded model).
 */
public final class Checkpoints {

  /** GPT-2's and Hugging Face Llama's initializer_range. */
  public static final double INIT_STD = 0.02;

  private Checkpoints() {}

  /**
   * A new model to train from: weights drawn normal(0, {@link #INIT_STD}) from the seed alone
   * (norms at 1), with the embedded character-level tokenizer.
   */
  public static Path random(Path dir, LlamaConfig config, long seed, Lineage lineage) {
    if (config.vocabSize() != EmbeddedTokenizer.VOCAB_SIZE) {
      throw new IllegalArgumentException("a model with the embedded tokenizer needs vocab_size "
          + EmbeddedTokenizer.VOCAB_SIZE + ", the config has " + config.vocabSize());
    }
    try (LlamaWeights w = LlamaWeights.random(config, Device.cpu(), DataType.FLOAT32, seed, INIT_STD)) {
      return CheckpointWriter.write(dir, w, EmbeddedTokenizer::writeTo, lineage);
    }
  }

  /**
   * The checkpoint in {@code source} rewritten with fp16 weights (half the bytes), its tokenizer
   * files and the given lineage. Loading it in fp32 gives back exactly the fp16-rounded weights,
   * so figures measured on the copy hold for every later load.
   */
  public static Path halfPrecision(Path source, Path dir, Lineage lineage) {
    LlamaConfig config = LlamaConfig.read(source);
    try (LlamaWeights w = LlamaWeights.load(source, config, Device.cpu(), DataType.FLOAT16)) {
      return CheckpointWriter.write(dir, w, CheckpointWriter.tokenizerFrom(source), lineage);
    }
  }

  /** The number of parameters of a config, as Hugging Face counts them (a tied head once). */
  public static long parameterCount(LlamaConfig config) {
    return LlamaWeights.hfShapes(config).values().stream()
        .mapToLong(shape -> {
          long n = 1;
          for (long d : shape) n *= d;
          return n;
        }).sum();
  }
}
