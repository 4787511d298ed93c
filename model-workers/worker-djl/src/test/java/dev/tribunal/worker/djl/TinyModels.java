package dev.tribunal.worker.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.tribunal.worker.djl.model.PaddedBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Tiny random-weight Llama checkpoints with the embedded tokenizer, for tests. */
public final class TinyModels {

  private TinyModels() {}

  /** hidden 32, 2 layers, 4 heads over 2 kv heads (grouped-query), vocabulary of the embedded tokenizer. */
  public static LlamaConfig config() {
    return LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE, 32, 64, 2, 4, 2, 256);
  }

  /** Weights large enough (std 0.3) that the logits are far from uniform. */
  public static LlamaWeights weights(LlamaConfig config, long seed) {
    return LlamaWeights.random(config, Device.cpu(), DataType.FLOAT32, seed, 0.3);
  }

  public static Path write(Path dir, LlamaConfig config, long seed) {
    try (LlamaWeights w = weights(config, seed)) {
      return CheckpointWriter.write(dir, w, EmbeddedTokenizer::writeTo, lineage());
    }
  }

  public static Lineage lineage() {
    return new Lineage(null, 0, "random", "none", Map.of("loss", 4.65));
  }

  /** A loaded model over fresh random weights, not cached: the caller closes it. */
  public static LoadedModel loaded(Path tmp, LlamaConfig config, long seed) {
    Path dir = write(tmp.resolve("ckpt-" + seed + "-" + config.architecture()), config, seed);
    return LoadedModel.load(dir.getFileName().toString(), dir, Device.cpu());
  }

  public static LlamaModel model(LlamaConfig config, long seed) {
    return new LlamaModel(weights(config, seed));
  }

  /** Logits [T * V] of one unpadded sequence, full recomputation. */
  public static float[] logits(LlamaModel m, int[] ids) {
    try (NDManager mg = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      PaddedBatch b = PaddedBatch.right(mg, List.of(ids), 0);
      return m.forward(b.ids(), m.positions(b.mask()), m.attentionBias(b.mask(), ids.length, 0), null, false)
          .toFloatArray();
    }
  }

  public static ModelTokenizer embeddedTokenizer(Path tmp) {
    Path dir = tmp.resolve("embedded-tokenizer");
    EmbeddedTokenizer.writeTo(dir);
    return ModelTokenizer.load(dir);
  }
}
