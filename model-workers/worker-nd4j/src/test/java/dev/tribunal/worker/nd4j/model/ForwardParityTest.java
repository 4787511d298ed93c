package dev.tribunal.worker.nd4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.model.PaddedBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ND4J forward against the DJL runtime's on the shipped seed checkpoint: the same logits,
 * for a batch of right-padded sequences of different lengths (padding, positions and the causal
 * mask all take part).
 */
public class ForwardParityTest {

  static final Path SEED = Path.of("../../models/seed");

  @Test
  void seedLogitsEqualTheDjlRuntimes() {
    LlamaConfig config = LlamaConfig.read(SEED);
    SplittableRandom rng = new SplittableRandom(3);
    List<int[]> sequences = List.of(tokens(rng, config, 17), tokens(rng, config, 40), tokens(rng, config, 5));
    assertSameLogits(SEED, sequences);
  }

  /** The DJL runtime and the ND4J forward give the checkpoint's sequences the same logits (1e-4 of the largest). */
  public static void assertSameLogits(Path checkpoint, List<int[]> sequences) {
    LlamaConfig config = LlamaConfig.read(checkpoint);
    float[] djl = djlLogits(checkpoint, config, sequences);
    Nd4jLlama model = new Nd4jLlama(Nd4jWeights.load(checkpoint, config));
    float[] nd4j = model.forward(batch(sequences)).logits().data().asFloat();
    assertEquals(djl.length, nd4j.length);
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < djl.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(djl[i]));
      maxDiff = Math.max(maxDiff, Math.abs(djl[i] - nd4j[i]));
    }
    assertTrue(maxAbs > 1, "logits far from 0: " + maxAbs);
    assertTrue(maxDiff <= 1e-4 * maxAbs, "largest difference " + maxDiff + " against largest logit " + maxAbs);
  }

  static Nd4jBatch batch(List<int[]> sequences) {
    int width = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
    long[] ids = new long[sequences.size() * width];
    float[] mask = new float[ids.length];
    for (int b = 0; b < sequences.size(); b++) {
      for (int t = 0; t < sequences.get(b).length; t++) {
        ids[b * width + t] = sequences.get(b)[t];
        mask[b * width + t] = 1;
      }
    }
    return Nd4jBatch.of(sequences.size(), width, ids, mask);
  }

  private static float[] djlLogits(Path checkpoint, LlamaConfig config, List<int[]> sequences) {
    try (LlamaWeights w = LlamaWeights.load(checkpoint, config, Device.cpu(), DataType.FLOAT32);
        NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      LlamaModel model = new LlamaModel(w);
      PaddedBatch b = PaddedBatch.right(m, sequences, 0);
      return model.forward(b.ids(), model.positions(b.mask()), model.attentionBias(b.mask(), b.width(), 0), null, false)
          .toFloatArray();
    }
  }

  private static int[] tokens(SplittableRandom rng, LlamaConfig config, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = rng.nextInt(config.vocabSize());
    return out;
  }
}
