package dev.tribunal.worker.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tribunal.worker.djl.ReferenceLlama;
import dev.tribunal.worker.djl.TinyModels;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelForwardTest {

  private static final int[] A = {2, 40, 41, 42, 10, 50, 51, 52, 53, 12, 60, 61};
  private static final int[] B = {2, 70, 71, 72, 73, 9, 80};
  private static final int[] C = {2, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 20, 21, 22, 23, 24};

  @Test
  void kvCacheDecodingEqualsFullRecomputationInALeftPaddedBatch() {
    LlamaModel m = TinyModels.model(TinyModels.config(), 11);
    float[] fullA = TinyModels.logits(m, A);
    float[] fullB = TinyModels.logits(m, B);
    int v = m.config().vocabSize();
    int promptA = 8; // A is prefilled to 8 tokens, B to 3; then both decode 4 tokens, one per step
    int promptB = 3;
    try (NDManager mg = NDManager.newBaseManager(); NDScope scope = new NDScope();
        PaddedBatch prompts = PaddedBatch.left(mg, List.of(prefix(A, promptA), prefix(B, promptB)), 0);
        KvCache cache = new KvCache(m.config(), mg, 2, 16, m.weights().dataType())) {
      NDArray keyMask = prompts.mask().concat(mg.ones(new Shape(2, 16 - promptA)), 1);
      float[] pre = m.forward(prompts.ids(), m.positions(prompts.mask()),
          m.attentionBias(prompts.mask(), promptA, 0), cache, false).toFloatArray();
      for (int t = 0; t < promptA; t++) assertClose(fullA, t * v, pre, t * v, v, 1e-4);
      for (int t = 0; t < promptB; t++) assertClose(fullB, t * v, pre, (promptA + promptA - promptB + t) * v, v, 1e-4);
      for (int step = 0; step < 4; step++) {
        int len = promptA + step + 1;
        NDArray ids = mg.create(new long[] {A[promptA + step], B[promptB + step]}, new Shape(2, 1));
        NDArray pos = mg.create(new long[] {promptA + step, promptB + step}, new Shape(2, 1));
        NDArray bias = m.attentionBias(keyMask.get(new NDIndex(":, 0:{}", len)), 1, len - 1);
        float[] out = m.forward(ids, pos, bias, cache, true).toFloatArray();
        assertClose(fullA, (promptA + step) * v, out, 0, v, 1e-4);
        assertClose(fullB, (promptB + step) * v, out, v, v, 1e-4);
      }
    }
  }

  @Test
  void chunkedPrefillFillsTheSameCacheAsOneForward() {
    LlamaModel m = TinyModels.model(TinyModels.config(), 16);
    float[][] next = new float[2][];
    for (int run = 0; run < 2; run++) {
      try (NDManager mg = NDManager.newBaseManager(); NDScope scope = new NDScope();
          PaddedBatch prompts = PaddedBatch.left(mg, List.of(A, B, C), 0);
          KvCache cache = new KvCache(m.config(), mg, 3, 20, m.weights().dataType())) {
        int budget = run == 0 ? 1000 : C.length; // one forward, or one row per forward
        float[] last = m.prefill(prompts.ids(), prompts.mask(), cache, budget).toFloatArray();
        assertEquals(C.length, cache.length());
        NDArray keyMask = prompts.mask().concat(mg.ones(new Shape(3, 4)), 1);
        NDArray ids = mg.create(new long[] {5, 6, 7}, new Shape(3, 1));
        NDArray pos = mg.create(new long[] {A.length, B.length, C.length}, new Shape(3, 1));
        float[] step = m.forward(ids, pos, m.paddingBias(keyMask).get(new NDIndex("..., 0:{}", C.length + 1)), cache, true)
            .toFloatArray();
        next[run] = concat(last, step);
      }
    }
    assertClose(next[0], 0, next[1], 0, next[0].length, 1e-5);
  }

  @Test
  void tokenLogprobsDoNotDependOnBatchMatesOrPaddingSide() {
    LlamaModel m = TinyModels.model(TinyModels.config(), 12);
    float[] alone = tokenLogprobs(m, List.of(A), false);
    for (boolean left : new boolean[] {false, true}) {
      float[] batched = tokenLogprobs(m, List.of(B, A, C), left);
      int width = C.length - 1;
      int offset = left ? C.length - A.length : 0;
      assertClose(alone, 0, batched, width + offset, A.length - 1, 1e-5);
    }
  }

  @Test
  void tokenLogprobsAreLogSoftmaxOfTheForwardAtTheNextToken() {
    LlamaModel m = TinyModels.model(TinyModels.config(), 13);
    float[] lp = tokenLogprobs(m, List.of(A), false);
    float[] logits = TinyModels.logits(m, A);
    int v = m.config().vocabSize();
    for (int t = 0; t + 1 < A.length; t++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < v; i++) max = Math.max(max, logits[t * v + i]);
      double z = 0;
      for (int i = 0; i < v; i++) z += Math.exp(logits[t * v + i] - max);
      assertEquals(logits[t * v + A[t + 1]] - max - Math.log(z), lp[t], 1e-5);
    }
  }

  @Test
  void gradientsUnderAutogradMatchFiniteDifferences() {
    LlamaConfig config = TinyModels.config();
    LlamaModel m = TinyModels.model(config, 14);
    m.weights().attachGradients();
    try (NDManager mg = NDManager.newBaseManager(); NDScope scope = new NDScope();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(loss(m, mg));
    }
    for (NDArray p : m.weights().parameters()) {
      assertTrue(p.getGradient().abs().sum().getFloat() > 0, "a parameter got no gradient");
    }
    NDArray qkv = m.weights().layers().get(0).qkv();
    float[] grad = qkv.getGradient().toFloatArray();
    int j = 0;
    for (int i = 1; i < grad.length; i++) if (Math.abs(grad[i]) > Math.abs(grad[j])) j = i;
    long cols = qkv.getShape().get(1);
    double eps = 1e-3;
    LlamaModel probe = TinyModels.model(config, 14); // same seed, same weights, no gradients
    NDArray w = probe.weights().layers().get(0).qkv();
    float original = w.getFloat(j / cols, j % cols);
    double[] losses = new double[2];
    for (int s = 0; s < 2; s++) {
      w.set(new NDIndex(j / cols, j % cols), original + (s == 0 ? eps : -eps));
      try (NDManager mg = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
        losses[s] = loss(probe, mg).getFloat();
      }
    }
    double numeric = (losses[0] - losses[1]) / (2 * eps);
    assertEquals(grad[j], numeric, 0.02 * Math.abs(grad[j]));
  }

  @Test
  void groupedQueryAndQwen2BiasedModelsMatchTheReference() {
    SplittableRandom rng = new SplittableRandom(5);
    int[] ids = rng.ints(14, 8, 105).toArray();
    for (LlamaConfig config : List.of(TinyModels.config(),
        TinyModels.config().asQwen2().withTiedEmbeddings(true),
        LlamaConfig.llama(105, 48, 80, 2, 6, 1, 128))) {
      LlamaModel m = TinyModels.model(config, 15);
      float[] ours = TinyModels.logits(m, ids);
      double[][] ref = ReferenceLlama.logits(config, m.weights(), ids);
      for (int t = 0; t < ids.length; t++) {
        for (int i = 0; i < config.vocabSize(); i++) {
          assertEquals(ref[t][i], ours[t * config.vocabSize() + i], 1e-4, config.architecture() + " t=" + t);
        }
      }
    }
  }

  /** Negative log-likelihood of A and C, summed. */
  private static NDArray loss(LlamaModel m, NDManager mg) {
    PaddedBatch b = PaddedBatch.right(mg, List.of(A, C), 0);
    NDArray targets = b.mask().get(new NDIndex(":, 1:"));
    return m.tokenLogprobs(b.ids(), b.mask()).mul(targets).sum().neg();
  }

  private static float[] tokenLogprobs(LlamaModel m, List<int[]> seqs, boolean left) {
    try (NDManager mg = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      PaddedBatch b = left ? PaddedBatch.left(mg, seqs, 0) : PaddedBatch.right(mg, seqs, 0);
      return m.tokenLogprobs(b.ids(), b.mask()).toFloatArray();
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int[] prefix(int[] a, int n) {
    return java.util.Arrays.copyOf(a, n);
  }

  private static void assertClose(float[] expected, int eOff, float[] actual, int aOff, int n, double tol) {
    for (int i = 0; i < n; i++) {
      assertEquals(expected[eOff + i], actual[aOff + i], tol, "element " + i);
    }
  }
}
