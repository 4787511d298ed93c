package dev.tribunal.worker.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.train.loss.NdBondLoss;
import dev.tribunal.worker.train.BondExample;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.BondLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * BOND's tensor loss on a tiny random policy, in fp32: its value against the scalar reference,
 * the backward term's gradient against central differences with R held fixed, the stop-gradient
 * on log π inside R, and β = 0 as SFT's gradient direction.
 */
class BondGradientTest {

  private static final double EPS = 2e-3;
  private static final Prompt UNUSED = Prompt.text("x"); // the loss reads token ids; prompts are the tokenizer's

  @Test
  void theTensorLossOfTheHandCheckedBatch() {
    // BondLossTest's batch: forward −2, −4; backward (−3, 1), (−5, −2), (−1, 0.5 with weight 1): L = −0.25 at β 0.5
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logps = m.create(new float[] {-2, -3, -4, -5, -1});
      boolean[] backward = {false, true, false, true, true};
      float[] rewards = {0, 1, 0, -2, 0.5f};
      float[] weights = {0, 0, 0, 0, 1};
      assertEquals(-0.25, new NdBondLoss(new BondLoss(0.5)).loss(logps, backward, rewards, weights).getFloat(), 1e-6);
      assertEquals(3, new NdBondLoss(new BondLoss(0)).loss(logps, backward, rewards, weights).getFloat(), 1e-6);
      assertEquals(-3.5, new NdBondLoss(new BondLoss(1)).loss(logps, backward, rewards, weights).getFloat(), 1e-6);
      // one backward example: no baseline, A = R = −3, −(−3)·(−2) = −6
      assertEquals(-6, new NdBondLoss(new BondLoss(1)).loss(m.create(new float[] {-2}), new boolean[] {true},
          new float[] {-3}, new float[] {0}).getFloat(), 1e-6);
    }
  }

  /**
   * The backward term's autograd gradient equals the central differences of Σ −A_i·log π_i(θ)/n
   * with the advantages A_i = R_i − b_i frozen at θ0: REINFORCE's −(R − b)·∇log π, nothing more.
   */
  @Test
  void theBackwardGradientIsThePolicyGradientWithRewardsHeldFixed() {
    List<TrainingExample> sequences = TinyTraining.sft(4, 12);
    List<BondExample> examples = List.of(BondExample.backward(UNUSED, "", 1, 0.5),
        BondExample.backward(UNUSED, "", -4, 0), BondExample.backward(UNUSED, "", 0.5, 1),
        BondExample.backward(UNUSED, "", -1, 0.25));
    try (LlamaWeights w = TinyTraining.weights(5); NDManager m = NDManager.newBaseManager()) {
      LlamaModel model = new LlamaModel(w);
      BondBatchLoss loss = new BondBatchLoss(model, 1, examples, sequences);
      double[] logps0 = logps(model, m, sequences);
      double[] r = new double[logps0.length];
      for (int i = 0; i < r.length; i++) r[i] = examples.get(i).reward() - examples.get(i).policyLogpWeight() * logps0[i];
      double[] a = BondLoss.advantages(r);
      List<float[]> grads = gradients(w, m, loss, 4);
      int checked = 0;
      NDList params = w.parameters();
      for (int k : new int[] {0, 3, params.size() - 2}) { // the embedding, a layer's matrix, the final norm
        NDArray p = params.get(k);
        for (int flat : largest(grads.get(k), 2)) {
          long[] at = index(flat, p.getShape().getShape());
          float original = p.getFloat(at);
          Function<Float, Double> frozen = v -> {
            p.set(new NDIndex(at), v);
            double[] lp = logps(model, m, sequences);
            double sum = 0;
            for (int i = 0; i < lp.length; i++) sum += -a[i] * lp[i];
            return sum / lp.length;
          };
          double numeric = (frozen.apply((float) (original + EPS)) - frozen.apply((float) (original - EPS))) / (2 * EPS);
          p.set(new NDIndex(at), original);
          assertEquals(numeric, grads.get(k)[flat], 2e-3 + 3e-2 * Math.abs(numeric), p.getShape() + " entry " + flat);
          checked++;
        }
      }
      assertEquals(6, checked);
    }
  }

  /**
   * R = reward − w·log π(y) enters as a constant: the gradient equals that of the same batch whose
   * rewards were shifted by −w·log π(y) on the host with w = 0. Differentiating R would add
   * −β·Σ(∂A_i/∂θ)·log π_i/n, which these weights (up to 1) and log π (about −20) make large.
   */
  @Test
  void theRewardsPolicyLogpIsUnderAStopGradient() {
    List<TrainingExample> sequences = TinyTraining.sft(4, 13);
    List<BondExample> weighted = List.of(BondExample.backward(UNUSED, "", 1, 1), BondExample.backward(UNUSED, "", -3, 0.5),
        BondExample.forward(UNUSED, ""), BondExample.backward(UNUSED, "", 0, 1));
    try (LlamaWeights w = TinyTraining.weights(6); NDManager m = NDManager.newBaseManager()) {
      LlamaModel model = new LlamaModel(w);
      double[] logps0 = logps(model, m, sequences);
      List<BondExample> shifted = new ArrayList<>();
      for (int i = 0; i < weighted.size(); i++) {
        BondExample e = weighted.get(i);
        shifted.add(e.term() == BondExample.Term.FORWARD ? e
            : BondExample.backward(UNUSED, "", e.reward() - e.policyLogpWeight() * logps0[i], 0));
      }
      List<float[]> g = gradients(w, m, new BondBatchLoss(model, 0.5, weighted, sequences), 4);
      List<float[]> expected = gradients(w, m, new BondBatchLoss(model, 0.5, shifted, sequences), 4);
      assertClose(expected, g, 1, 1e-4);
    }
  }

  /**
   * With β = 0 only the forward examples count, and their loss is the mean sequence NLL: with
   * responses of equal length L it is L times SFT's per-token loss, its gradient L times SFT's.
   */
  @Test
  void betaZeroIsAnSftStepOnTheForwardExamples() {
    SplittableRandom rng = new SplittableRandom(3);
    List<TrainingExample> forward = new ArrayList<>();
    for (int i = 0; i < 3; i++) forward.add(TrainingExample.sft(TinyTraining.letters(rng, 3 + i), TinyTraining.letters(rng, 5)));
    List<TrainingExample> sequences = new ArrayList<>(forward);
    sequences.add(TrainingExample.sft(TinyTraining.letters(rng, 4), TinyTraining.letters(rng, 2)));
    List<BondExample> examples = List.of(BondExample.forward(UNUSED, ""), BondExample.forward(UNUSED, ""),
        BondExample.forward(UNUSED, ""), BondExample.backward(UNUSED, "", -10, 1));
    try (LlamaWeights w = TinyTraining.weights(7); NDManager m = NDManager.newBaseManager()) {
      LlamaModel model = new LlamaModel(w);
      PolicyLoss sft = new PolicyLoss(model, TrainingConfig.builder(Objective.SFT).build(), forward);
      double bondLoss = value(m, new BondBatchLoss(model, 0, examples, sequences), 4);
      double sftLoss = value(m, sft, 3);
      assertEquals(5 * sftLoss, bondLoss, 1e-5 * Math.abs(bondLoss));
      assertClose(gradients(w, m, sft, 3), gradients(w, m, new BondBatchLoss(model, 0, examples, sequences), 4), 5,
          1e-4);
    }
  }

  /** The loss as the training loop computes it: Σ terms / Σ weights over the first n examples. */
  private static <H> NDArray loss(NDManager m, BatchLoss<H> loss, int n) {
    int[] batch = java.util.stream.IntStream.range(0, n).toArray();
    double weight = 0;
    for (int i : batch) weight += loss.weight(i);
    return loss.terms(m, batch).sum().div((float) weight);
  }

  private static <H> double value(NDManager m, BatchLoss<H> l, int n) {
    try (NDScope scope = new NDScope()) {
      return loss(m, l, n).getFloat();
    }
  }

  /** Every parameter's gradient of the loss, read back and zeroed. */
  private static <H> List<float[]> gradients(LlamaWeights w, NDManager m, BatchLoss<H> l, int n) {
    w.attachGradients();
    try (GradientCollector gc = Engine.getInstance().newGradientCollector(); NDScope scope = new NDScope()) {
      gc.backward(loss(m, l, n));
    }
    List<float[]> out = new ArrayList<>();
    try (NDScope scope = new NDScope()) {
      for (NDArray p : w.parameters()) out.add(p.getGradient().toFloatArray());
    }
    Gradients.zero(w.parameters());
    return out;
  }

  /** Summed response log-probs, as the policy loss scores them. */
  private static double[] logps(LlamaModel model, NDManager m, List<TrainingExample> sequences) {
    try (NDScope scope = new NDScope()) {
      float[] lp = PolicyBatch.of(m, sequences, false, 0).sequenceLogps(model).toFloatArray();
      double[] out = new double[lp.length];
      for (int i = 0; i < lp.length; i++) out[i] = lp[i];
      return out;
    }
  }

  /** actual = scale·expected, entry by entry, relative to the largest entry of each parameter. */
  private static void assertClose(List<float[]> expected, List<float[]> actual, double scale, double tolerance) {
    double largest = 0;
    for (int k = 0; k < expected.size(); k++) {
      float[] e = expected.get(k);
      for (int i = 0; i < e.length; i++) largest = Math.max(largest, Math.abs(scale * e[i]));
    }
    assertTrue(largest > 1e-3, "a gradient to compare: " + largest);
    for (int k = 0; k < expected.size(); k++) {
      float[] e = expected.get(k);
      float[] a = actual.get(k);
      for (int i = 0; i < e.length; i++) {
        assertEquals(scale * e[i], a[i], tolerance * largest, "parameter " + k + " entry " + i);
      }
    }
  }

  private static int[] largest(float[] g, int k) {
    return java.util.stream.IntStream.range(0, g.length).boxed()
        .sorted((x, y) -> Float.compare(Math.abs(g[y]), Math.abs(g[x]))).limit(k).mapToInt(Integer::intValue).toArray();
  }

  private static long[] index(int flat, long[] shape) {
    long[] at = new long[shape.length];
    for (int d = at.length - 1; d >= 0; d--) {
      at[d] = flat % shape[d];
      flat /= shape[d];
    }
    return at;
  }
}
