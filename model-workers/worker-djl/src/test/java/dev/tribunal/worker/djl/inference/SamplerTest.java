package dev.tribunal.worker.djl.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.SamplingParams;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

  private static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 0.0f, 2.9f};

  private static SamplingParams params(double temperature, double topP, int topK, long seed) {
    return new SamplingParams(1, temperature, topP, topK, 1, List.of(), List.of(), seed, false);
  }

  @Test
  void greedyTopOneAndTinyNucleusAllPickTheArgmax() {
    for (SamplingParams p : List.of(params(0, 1, 0, 1), params(1, 1, 1, 2), params(1, 1e-6, 0, 3))) {
      Sampler s = new Sampler(p, 0);
      for (int i = 0; i < 50; i++) assertEquals(1, s.next(LOGITS, 0, LOGITS.length));
    }
  }

  @Test
  void plainSamplingFollowsTheSoftmax() {
    double[] p = softmax(LOGITS, 1);
    int[] counts = new int[LOGITS.length];
    Sampler s = new Sampler(params(1, 1, 0, 42), 0);
    int n = 40_000;
    for (int i = 0; i < n; i++) counts[s.next(LOGITS, 0, LOGITS.length)]++;
    for (int i = 0; i < p.length; i++) {
      double sd = Math.sqrt(n * p[i] * (1 - p[i]));
      assertEquals(n * p[i], counts[i], 5 * sd + 1, "token " + i);
    }
  }

  @Test
  void topKAndTopPKeepExactlyTheBruteForceSet() {
    SplittableRandom rng = new SplittableRandom(9);
    for (int trial = 0; trial < 30; trial++) {
      float[] logits = new float[200];
      for (int i = 0; i < logits.length; i++) logits[i] = (float) (rng.nextGaussian() * 3);
      int topK = trial % 3 == 0 ? 0 : 1 + rng.nextInt(50);
      double topP = trial % 2 == 0 ? 1.0 : 0.3 + 0.6 * rng.nextDouble();
      if (topK == 0 && topP == 1.0) topP = 0.8;
      boolean[] allowed = bruteForce(logits, 0.7, topK, topP);
      Sampler s = new Sampler(params(0.7, topP, topK, trial), 0);
      boolean[] seen = new boolean[logits.length];
      for (int i = 0; i < 3000; i++) seen[s.next(logits, 0, logits.length)] = true;
      for (int i = 0; i < logits.length; i++) assertTrue(allowed[i] || !seen[i], "trial " + trial + " token " + i);
      assertTrue(seen[Sampler.argmax(logits, 0, logits.length)]);
    }
  }

  @Test
  void seedsArePerSequenceAndWellMixed() {
    assertEquals(Sampler.seed(7, 0), Sampler.seed(7, 0));
    assertNotEquals(Sampler.seed(7, 0), Sampler.seed(7, 1));
    assertNotEquals(Sampler.seed(7, 1), Sampler.seed(8, 0));
  }

  @Test
  void logprobIsLogSoftmax() {
    double[] p = softmax(LOGITS, 1);
    for (int i = 0; i < LOGITS.length; i++) assertEquals(Math.log(p[i]), Sampler.logprob(LOGITS, 0, LOGITS.length, i), 1e-6);
  }

  /** Top-k by sorting everything, then the nucleus of the renormalised top-k. */
  private static boolean[] bruteForce(float[] logits, double t, int topK, double topP) {
    double[] p = softmax(logits, t);
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    int k = topK == 0 ? p.length : topK;
    double mass = 0;
    for (int j = 0; j < k; j++) mass += p[order[j]];
    boolean[] allowed = new boolean[p.length];
    double cum = 0;
    for (int j = 0; j < k && (j == 0 || cum < topP * mass); j++) {
      allowed[order[j]] = true;
      cum += p[order[j]];
    }
    return allowed;
  }

  private static double[] softmax(float[] logits, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) max = Math.max(max, l);
    double[] p = new double[logits.length];
    double z = 0;
    for (int i = 0; i < p.length; i++) z += p[i] = Math.exp((logits[i] - max) / t);
    for (int i = 0; i < p.length; i++) p[i] /= z;
    return p;
  }
}
