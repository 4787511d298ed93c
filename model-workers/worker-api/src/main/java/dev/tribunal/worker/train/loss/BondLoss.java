package dev.tribunal.worker.train.loss;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BOND's Jeffreys-divergence objective (spec 3.3) on one batch, J_β = (1−β)·KL(π_BoN ‖ π) +
 * β·KL(π ‖ π_BoN) through its gradient estimators:
 *
 * <pre>
 *   L = (1−β)·mean_fwd[−log π(y)] + β·mean_bwd[−(R − b)·log π(y)]
 *   R = reward − w·stopgrad(log π(y)),   b_i = mean_{j≠i, bwd} R_j   (0 with one backward example)
 * </pre>
 *
 * The forward term is SFT on Best-of-N samples, per sequence (the KL is over whole responses);
 * the backward term is REINFORCE with a leave-one-out baseline, which lowers the variance without
 * biasing the gradient, since b_i does not depend on y_i. A term with no examples in the batch
 * contributes 0. Engines implement the same loss on tensors and test against this.
 */
public record BondLoss(double beta) {

  public BondLoss {
    if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("bond loss: beta must be in [0, 1], was " + beta);
  }

  public double loss(List<BondLogp> batch) {
    return (1 - beta) * forwardNll(batch) + beta * backwardTerm(batch);
  }

  /** mean −log π(y) over the forward examples; 0 without any. */
  public static double forwardNll(List<BondLogp> batch) {
    double sum = 0;
    int n = 0;
    for (BondLogp e : batch) {
      if (e.backward()) continue;
      sum += -e.policyLogp();
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }

  /** mean −(R − b)·log π(y) over the backward examples; 0 without any. */
  public static double backwardTerm(List<BondLogp> batch) {
    List<BondLogp> backward = backward(batch);
    double[] a = advantages(rewards(backward));
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += -a[i] * backward.get(i).policyLogp();
    return a.length == 0 ? 0 : sum / a.length;
  }

  /** The leave-one-out baselines b_i = (Σ_j R_j − R_i) / (n − 1); all 0 when n < 2. */
  public static double[] baselines(double[] rewards) {
    int n = rewards.length;
    double[] b = new double[n];
    if (n < 2) return b;
    double sum = 0;
    for (double r : rewards) sum += r;
    for (int i = 0; i < n; i++) b[i] = (sum - rewards[i]) / (n - 1);
    return b;
  }

  /** R_i − b_i. */
  public static double[] advantages(double[] rewards) {
    double[] b = baselines(rewards);
    double[] a = new double[rewards.length];
    for (int i = 0; i < a.length; i++) a[i] = rewards[i] - b[i];
    return a;
  }

  /**
   * A step's figures: forward_nll, and over the backward examples the mean effective reward R
   * (for BOND an estimate of log π_BoN − log π), the mean and mean absolute advantage (the mean
   * is 0 by construction with two or more, so its absolute value says how much signal there
   * is) and the mean log π. Figures of a term without examples are left out.
   */
  public static Map<String, Double> figures(List<BondLogp> batch) {
    Map<String, Double> m = new LinkedHashMap<>();
    List<BondLogp> backward = backward(batch);
    if (backward.size() < batch.size()) m.put("forward_nll", forwardNll(batch));
    if (backward.isEmpty()) return m;
    double[] r = rewards(backward);
    double[] a = advantages(r);
    m.put("backward_mean_reward", mean(r));
    m.put("backward_mean_advantage", mean(a));
    m.put("backward_mean_abs_advantage", Arrays.stream(a).map(Math::abs).average().orElseThrow());
    m.put("backward_logps", backward.stream().mapToDouble(BondLogp::policyLogp).average().orElseThrow());
    return m;
  }

  private static List<BondLogp> backward(List<BondLogp> batch) {
    return batch.stream().filter(BondLogp::backward).toList();
  }

  private static double[] rewards(List<BondLogp> backward) {
    return backward.stream().mapToDouble(BondLogp::effectiveReward).toArray();
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElseThrow();
  }
}
