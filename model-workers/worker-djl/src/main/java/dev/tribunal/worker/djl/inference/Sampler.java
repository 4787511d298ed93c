package dev.tribunal.worker.djl.inference;

import dev.tribunal.worker.SamplingParams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks one sequence's next token from its logits row: greedy at temperature 0, otherwise a draw
 * from softmax(logits / temperature) restricted to the top-k tokens and then to the top-p
 * nucleus (renormalised), as transformers and vLLM order them. Each sequence owns its generator,
 * seeded from the request seed and the sequence's index, so its text does not depend on what
 * else shares the batch; one uniform draw is consumed per sampled token.
 */
final class Sampler {

  private final double temperature;
  private final double topP;
  private final int topK;
  private final SplittableRandom rng;

  Sampler(SamplingParams params, int index) {
    this.temperature = params.temperature();
    this.topP = params.topP();
    this.topK = params.topK();
    this.rng = new SplittableRandom(seed(params.seed(), index));
  }

  /** A well-mixed seed per (request seed, index): nearby seeds give unrelated streams. */
  static long seed(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  int next(float[] logits, int offset, int vocab) {
    if (temperature == 0) return argmax(logits, offset, vocab);
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
    double[] w = new double[vocab]; // unnormalised probabilities, the largest exactly 1
    double total = 0;
    for (int i = 0; i < vocab; i++) total += w[i] = Math.exp((logits[offset + i] - max) / temperature);
    if ((topK == 0 || topK >= vocab) && topP >= 1) return draw(w, null, vocab, total);
    int[] kept = truncated(w, total);
    double mass = 0;
    for (int i : kept) mass += w[i];
    return draw(w, kept, kept.length, mass);
  }

  /** log softmax(logits)[token] under the unmodified distribution (temperature 1, no truncation). */
  static float logprob(float[] logits, int offset, int vocab, int token) {
    return (float) (logits[offset + token] - logSumExp(logits, offset, vocab));
  }

  /** log sum exp of a logits row: log softmax(logits)[i] = logits[i] - this. */
  static double logSumExp(float[] logits, int offset, int vocab) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
    double sum = 0;
    for (int i = 0; i < vocab; i++) sum += Math.exp(logits[offset + i] - max);
    return max + Math.log(sum);
  }

  /**
   * The k largest logits' token ids, largest first (the lower id first on ties). One pass with a
   * sorted window of k: k is at most a few dozen, far below the vocabulary.
   */
  static int[] top(float[] logits, int offset, int vocab, int k) {
    int[] best = new int[Math.min(k, vocab)];
    int size = 0;
    for (int i = 0; i < vocab; i++) {
      float x = logits[offset + i];
      if (size == best.length && x <= logits[offset + best[size - 1]]) continue;
      int j = size == best.length ? size - 1 : size++;
      while (j > 0 && x > logits[offset + best[j - 1]]) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = i;
    }
    return best;
  }

  static int argmax(float[] logits, int offset, int vocab) {
    int best = 0;
    for (int i = 1; i < vocab; i++) if (logits[offset + i] > logits[offset + best]) best = i;
    return best;
  }

  private int draw(double[] w, int[] among, int n, double mass) {
    double u = rng.nextDouble() * mass;
    int last = 0;
    for (int j = 0; j < n; j++) {
      int i = among == null ? j : among[j];
      if (w[i] > 0) last = i;
      u -= w[i];
      if (u < 0) return i;
    }
    return last; // rounding left u a hair above zero
  }

  /**
   * The top-k tokens, then the smallest prefix of them holding top_p of their mass, by descending
   * weight. Sorting the whole vocabulary would cost O(V log V) per token; instead the threshold
   * is lowered until the tokens above it are sure to contain the answer, and only those are sorted.
   */
  private int[] truncated(double[] w, double total) {
    int k = topK == 0 ? w.length : Math.min(topK, w.length);
    double tau = 1;
    while (tau > 0) {
      int count = 0;
      double mass = 0;
      for (double x : w) {
        if (x >= tau) {
          count++;
          mass += x;
        }
      }
      if (count >= k || mass >= topP * total) break;
      tau = tau < 1e-300 ? 0 : tau / 16;
    }
    long[] keys = new long[w.length];
    int n = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] >= tau) keys[n++] = ((long) Float.floatToIntBits((float) w[i]) << 32) | i;
    }
    Arrays.sort(keys, 0, n); // ascending weight; positive float bits order like the floats
    int keep = Math.min(k, n);
    double keptMass = 0;
    for (int j = 0; j < keep; j++) keptMass += w[(int) keys[n - 1 - j]];
    int[] out = new int[keep];
    double cumulative = 0;
    int size = 0;
    while (size < keep && (size == 0 || cumulative < topP * keptMass)) {
      out[size] = (int) keys[n - 1 - size];
      cumulative += w[out[size++]];
    }
    return Arrays.copyOf(out, size);
  }
}
