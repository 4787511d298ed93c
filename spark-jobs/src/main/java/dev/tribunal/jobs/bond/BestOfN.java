package dev.tribunal.jobs.bond;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * Best-of-N sampling and its distribution (spec 3.1, 3.2), and BOND's backward reward (spec 3.3).
 *
 * <p>Tie rule: among draws that share the highest reward, one is picked uniformly at random, each
 * draw counting once even when two draws are the same outcome or distinct outcomes share a
 * reward. Under that rule the tie-corrected form is exact for a discrete π_ref:
 * <pre>
 *   π_BoN(y) = π_ref(y) · p≤(y)^(N−1) · Σ_{i=1..N} (p<(y)/p≤(y))^(i−1)
 *            = π_ref(y) · (p≤(y)^N − p<(y)^N) / (p≤(y) − p<(y))
 * </pre>
 * (a geometric sum): the best draw lands on y's reward level with probability p≤^N − p<^N, and
 * given that, the chosen draw is distributed as π_ref restricted to the level, whose mass is
 * p≤ − p<. Picking uniformly among distinct tied outcomes instead would not give this formula.
 */
public final class BestOfN {
  private BestOfN() {}

  /** p≤(y) = share of reference rewards <= r, p<(y) = share strictly below. */
  public record Quantiles(double atMost, double below) {
    public Quantiles {
      // written so that NaN fails too
      if (!(0 <= below && below <= atMost && atMost <= 1)) {
        throw new IllegalArgumentException("quantiles: need 0 <= below <= atMost <= 1, got below = "
            + below + ", atMost = " + atMost);
      }
    }
  }

  /** p̂≤ and p̂< of reward {@code r} among k reference rewards (spec 3.2). */
  public static Quantiles quantiles(double r, double[] referenceRewards) {
    requireReward(r, "reward");
    if (referenceRewards == null || referenceRewards.length == 0) {
      throw new IllegalArgumentException("quantiles: no reference rewards");
    }
    int atMost = 0;
    int below = 0;
    for (int i = 0; i < referenceRewards.length; i++) {
      double ref = requireReward(referenceRewards[i], "reference reward " + i);
      if (ref <= r) atMost++;
      if (ref < r) below++;
    }
    double k = referenceRewards.length;
    return new Quantiles(atMost / k, below / k);
  }

  /**
   * log π_BoN(y) − log π_ref(y) = (N−1)·log p≤ + log Σ_{i=1..N} (p</p≤)^(i−1) (spec 3.2, the
   * tie-corrected form); -Infinity when p≤ = 0.
   */
  public static double logRatio(Quantiles q, int n) {
    requireN(n);
    if (q.atMost() == 0) return Double.NEGATIVE_INFINITY;
    return (n - 1) * Math.log(q.atMost()) + Math.log(tieCorrection(q.below() / q.atMost(), n));
  }

  /**
   * Σ_{i=1..N} t^(i−1), between 1 and N. Summed in closed form, (t^N − 1)/(t − 1), through
   * expm1 so that it stays accurate when t is close to 1 (a thin reward level).
   */
  private static double tieCorrection(double t, int n) {
    if (t == 1) return n;
    if (t == 0) return 1;
    double logT = Math.log(t);
    return Math.expm1(n * logT) / Math.expm1(logT);
  }

  /**
   * BOND's backward reward without the policy term: (N−1)·log p̂≤(y) + log π_ref(y) (spec 3.3).
   *
   * <p>p̂≤ is floored at 1/(k+1): a sample worse than every one of the k reference samples has
   * p̂≤ = 0, and log 0 would make its reward -Infinity and the policy gradient useless. 1/(k+1) is
   * the share the sample would have if it joined the reference samples itself, and lies below
   * every non-zero p̂≤ (at least 1/k), so the floor only touches that case.
   *
   * @param refLogp log π_ref(y), finite
   * @param k the number of reference samples the quantiles came from
   */
  public static double backwardReward(Quantiles q, int n, double refLogp, int k) {
    requireN(n);
    if (k < 1) throw new IllegalArgumentException("backward reward: k must be >= 1, was " + k);
    if (!Double.isFinite(refLogp)) {
      throw new IllegalArgumentException("backward reward: log π_ref(y) must be finite, was " + refLogp);
    }
    double pAtMost = Math.max(q.atMost(), 1.0 / (k + 1));
    return (n - 1) * Math.log(pAtMost) + refLogp;
  }

  /**
   * The index of the highest reward; ties broken uniformly at random, reproducibly by seed.
   * ±Infinity are ordinary rewards; NaN is refused, since it has no place in the order.
   */
  public static int best(double[] rewards, long seed) {
    if (rewards == null || rewards.length == 0) {
      throw new IllegalArgumentException("best of n: no rewards");
    }
    double max = Double.NEGATIVE_INFINITY;
    int ties = 0;
    for (int i = 0; i < rewards.length; i++) {
      double r = requireReward(rewards[i], "reward " + i);
      if (r > max || ties == 0) {
        max = r;
        ties = 1;
      } else if (r == max) {
        ties++;
      }
    }
    // SplittableRandom mixes its seed well, so consecutive seeds give independent-looking picks
    int pick = ties == 1 ? 0 : new SplittableRandom(seed).nextInt(ties);
    return nthIndexOf(rewards, max, pick);
  }

  private static int nthIndexOf(double[] rewards, double value, int nth) {
    int seen = 0;
    for (int i = 0; i < rewards.length; i++) {
      if (rewards[i] == value && seen++ == nth) return i;
    }
    throw new IllegalStateException("unreachable: tie " + nth + " of " + value + " not found");
  }

  /**
   * Exact KL(π_BoN ‖ π_ref) for a discrete reference distribution over outcomes with these
   * probabilities and rewards (ties allowed). log π_BoN/π_ref is constant on a reward level, so
   * the sum runs over levels: Σ_level π_BoN(level) · logRatio(level).
   *
   * @param probs π_ref of each outcome, each >= 0, summing to 1 (within 1e-9)
   */
  public static double exactKl(double[] probs, double[] rewards, int n) {
    requireN(n);
    requireDistribution(probs, rewards);
    Integer[] order = byReward(rewards);
    double kl = 0;
    double below = 0;
    for (int start = 0; start < order.length; ) {
      int end = start;
      double mass = 0;
      while (end < order.length && rewards[order[end]] == rewards[order[start]]) {
        mass += probs[order[end++]];
      }
      // the cumulative sum may overshoot 1 by rounding on the last level
      double atMost = Math.min(1, below + mass);
      if (mass > 0) {
        double logRatio = logRatio(new Quantiles(atMost, Math.min(below, atMost)), n);
        kl += mass * Math.exp(logRatio) * logRatio;
      }
      below = atMost;
      start = end;
    }
    return kl;
  }

  private static Integer[] byReward(double[] rewards) {
    Integer[] order = new Integer[rewards.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble(i -> rewards[i]));
    return order;
  }

  /** The analytic approximation log N − (N−1)/N (continuous rewards, no ties). */
  public static double klApproximation(int n) {
    requireN(n);
    return Math.log(n) - (n - 1.0) / n;
  }

  private static void requireN(int n) {
    if (n < 1) throw new IllegalArgumentException("best of n: N must be >= 1, was " + n);
  }

  private static double requireReward(double r, String what) {
    if (Double.isNaN(r)) throw new IllegalArgumentException("best of n: " + what + " is NaN");
    return r;
  }

  private static void requireDistribution(double[] probs, double[] rewards) {
    if (probs == null || rewards == null || probs.length == 0 || probs.length != rewards.length) {
      throw new IllegalArgumentException("exact kl: need as many probabilities as rewards, at least one");
    }
    double total = 0;
    for (int i = 0; i < probs.length; i++) {
      if (!(probs[i] >= 0 && probs[i] <= 1)) {
        throw new IllegalArgumentException("exact kl: probability " + i + " is " + probs[i]);
      }
      requireReward(rewards[i], "reward " + i);
      total += probs[i];
    }
    if (Math.abs(total - 1) > 1e-9) {
      throw new IllegalArgumentException("exact kl: probabilities sum to " + total + ", not 1");
    }
  }
}
