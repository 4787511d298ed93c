package dev.tribunal.jobs.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.bond.BestOfN.Quantiles;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BestOfNTest {
  private static final double[] PROBS = {0.1, 0.2, 0.3, 0.4};
  private static final double[] TIED = {1, 2, 2, 3};
  private static final double[] TIED_AT_TOP = {3, 1, 3, 2};
  private static final double[] ALL_TIED = {7, 7, 7, 7};

  @Test
  void theTieCorrectedFormulaMatchesExactEnumeration() {
    for (double[] rewards : new double[][] {TIED, TIED_AT_TOP, ALL_TIED}) {
      for (int n = 1; n <= 4; n++) {
        double[] enumerated = enumerateBestOfN(PROBS, rewards, n, false);
        double total = 0;
        for (int y = 0; y < PROBS.length; y++) {
          double formula = Math.exp(BestOfN.logRatio(exactQuantiles(PROBS, rewards, y), n)) * PROBS[y];
          assertEquals(enumerated[y], formula, 1e-12, "outcome " + y + ", N = " + n);
          total += formula;
        }
        assertEquals(1, total, 1e-12, "N = " + n);
      }
    }
  }

  @Test
  void withoutTheTieCorrectionTheFormulaWouldBeWrong() {
    // guards the enumeration itself: the uncorrected working form differs for the tied level
    double[] enumerated = enumerateBestOfN(PROBS, TIED, 3, false);
    Quantiles q = exactQuantiles(PROBS, TIED, 1);
    double uncorrected = Math.pow(q.atMost(), 2) * PROBS[1];
    assertTrue(Math.abs(enumerated[1] - uncorrected) > 1e-3, enumerated[1] + " vs " + uncorrected);
  }

  @Test
  void theFormulaAssumesTiesBrokenAmongDrawsNotAmongDistinctOutcomes() {
    // picking uniformly among distinct tied outcomes is another distribution, not this formula's
    double[] amongOutcomes = enumerateBestOfN(PROBS, TIED, 3, true);
    double formula = Math.exp(BestOfN.logRatio(exactQuantiles(PROBS, TIED, 1), 3)) * PROBS[1];
    assertTrue(Math.abs(amongOutcomes[1] - formula) > 1e-3, amongOutcomes[1] + " vs " + formula);
  }

  @Test
  void exactKlMatchesTheKlOfTheEnumeratedDistribution() {
    for (double[] rewards : new double[][] {TIED, TIED_AT_TOP, ALL_TIED}) {
      for (int n = 1; n <= 4; n++) {
        double[] bon = enumerateBestOfN(PROBS, rewards, n, false);
        double kl = 0;
        for (int y = 0; y < PROBS.length; y++) kl += bon[y] * Math.log(bon[y] / PROBS[y]);
        assertEquals(kl, BestOfN.exactKl(PROBS, rewards, n), 1e-12, "N = " + n);
      }
    }
    assertEquals(0, BestOfN.exactKl(PROBS, ALL_TIED, 4), 1e-15);
  }

  @Test
  void klOfManyDistinctRewardsApproachesTheAnalyticApproximation() {
    int k = 2000;
    double[] probs = new double[k];
    double[] rewards = new double[k];
    Random random = new Random(11);
    for (int i = 0; i < k; i++) {
      probs[i] = 1.0 / k;
      rewards[i] = random.nextDouble(); // distinct with certainty at this size, in no order
    }
    for (int n : new int[] {2, 4, 8}) {
      double exact = BestOfN.exactKl(probs, rewards, n);
      double approximation = BestOfN.klApproximation(n);
      // the gap is O(1e-7) at this size; 1e-5 still leaves room for a different reward draw
      assertEquals(approximation, exact, 1e-5, "N = " + n);
      // a discrete π_ref is a coarsening of the continuous case, so its KL is smaller
      assertTrue(exact < approximation, "N = " + n);
    }
  }

  @Test
  void tiesGiveASmallerKlThanTheContinuousCase() {
    assertEquals(0, BestOfN.exactKl(PROBS, TIED, 1), 1e-15);
    assertEquals(0, BestOfN.klApproximation(1), 1e-15);
    double[] split = {1, 2, 2.5, 3};
    for (int n = 2; n <= 8; n++) {
      double tied = BestOfN.exactKl(PROBS, TIED, n);
      assertTrue(tied > 0, "N = " + n);
      assertTrue(tied < BestOfN.klApproximation(n), "N = " + n);
      // merging two reward levels loses information, so the KL drops
      assertTrue(tied < BestOfN.exactKl(PROBS, split, n), "N = " + n);
    }
  }

  @Test
  void klApproximationByHand() {
    assertEquals(Math.log(4) - 0.75, BestOfN.klApproximation(4), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> BestOfN.klApproximation(0));
  }

  @Test
  void exactKlRefusesABadDistribution() {
    double[] twoRewards = {1, 2};
    assertThrows(IllegalArgumentException.class, () -> BestOfN.exactKl(new double[] {0.5, 0.4}, twoRewards, 2));
    assertThrows(IllegalArgumentException.class, () -> BestOfN.exactKl(new double[] {1.5, -0.5}, twoRewards, 2));
    assertThrows(IllegalArgumentException.class, () -> BestOfN.exactKl(new double[] {1}, twoRewards, 2));
    assertThrows(IllegalArgumentException.class,
        () -> BestOfN.exactKl(new double[] {1}, new double[] {Double.NaN}, 2));
  }

  @Test
  void quantilesByHand() {
    double[] refs = {1, 2, 2, 3};
    assertEquals(new Quantiles(0.75, 0.25), BestOfN.quantiles(2, refs)); // ties: p< < p≤
    assertEquals(new Quantiles(0.75, 0.75), BestOfN.quantiles(2.5, refs));
    assertEquals(new Quantiles(0, 0), BestOfN.quantiles(0, refs));
    assertEquals(new Quantiles(1, 0.75), BestOfN.quantiles(3, refs));
    assertEquals(new Quantiles(1, 1), BestOfN.quantiles(Double.POSITIVE_INFINITY, refs));
    assertThrows(IllegalArgumentException.class, () -> BestOfN.quantiles(Double.NaN, refs));
    assertThrows(IllegalArgumentException.class, () -> BestOfN.quantiles(1, new double[0]));
    assertThrows(IllegalArgumentException.class, () -> BestOfN.quantiles(1, new double[] {1, Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> new Quantiles(0.2, 0.3));
    assertThrows(IllegalArgumentException.class, () -> new Quantiles(Double.NaN, 0));
  }

  @Test
  void logRatioByHand() {
    // 2·log 0.5 + log(1 + 0.5 + 0.25)
    assertEquals(Math.log(0.25 * 1.75), BestOfN.logRatio(new Quantiles(0.5, 0.25), 3), 1e-15);
    assertEquals(Math.log(0.25 * 3), BestOfN.logRatio(new Quantiles(0.5, 0.5), 3), 1e-15);
    assertEquals(Math.log(0.25), BestOfN.logRatio(new Quantiles(0.5, 0), 3), 1e-15);
    assertEquals(0, BestOfN.logRatio(new Quantiles(0.3, 0.1), 1), 1e-15);
    assertEquals(Double.NEGATIVE_INFINITY, BestOfN.logRatio(new Quantiles(0, 0), 3));
    // a thin level: the correction tends to N as p< approaches p≤
    double thin = BestOfN.logRatio(new Quantiles(0.5, 0.5 - 1e-13), 64);
    assertEquals(63 * Math.log(0.5) + Math.log(64), thin, 1e-9);
    assertThrows(IllegalArgumentException.class, () -> BestOfN.logRatio(new Quantiles(0.5, 0.1), 0));
  }

  @Test
  void backwardRewardByHandIncludingTheFloor() {
    assertEquals(3 * Math.log(0.5) - 3, BestOfN.backwardReward(new Quantiles(0.5, 0.25), 4, -3, 4), 1e-15);
    assertEquals(3 * Math.log(0.25) - 3, BestOfN.backwardReward(new Quantiles(0.25, 0), 4, -3, 4), 1e-15);
    // worse than every reference sample: p̂≤ = 0 floored at 1/(k+1) = 0.2
    assertEquals(3 * Math.log(0.2) - 3, BestOfN.backwardReward(new Quantiles(0, 0), 4, -3, 4), 1e-15);
    assertEquals(-3, BestOfN.backwardReward(new Quantiles(0, 0), 1, -3, 4), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> BestOfN.backwardReward(new Quantiles(0, 0), 4, -3, 0));
    assertThrows(IllegalArgumentException.class,
        () -> BestOfN.backwardReward(new Quantiles(0, 0), 4, Double.NaN, 4));
  }

  @Test
  void bestPicksTiedMaximaUniformlyAndReproducibly() {
    double[] rewards = {1, 5, 5, 2, 5};
    int[] counts = new int[rewards.length];
    for (long seed = 0; seed < 3000; seed++) counts[BestOfN.best(rewards, seed)]++;
    assertEquals(0, counts[0] + counts[3]);
    for (int i : new int[] {1, 2, 4}) {
      assertTrue(counts[i] >= 900 && counts[i] <= 1100, "index " + i + " picked " + counts[i] + " times");
    }
    for (long seed = 0; seed < 20; seed++) {
      assertEquals(BestOfN.best(rewards, seed), BestOfN.best(rewards, seed));
    }
  }

  @Test
  void bestWithoutTiesIgnoresTheSeed() {
    double[] rewards = {Double.NEGATIVE_INFINITY, 3, -1, 2.5};
    for (long seed = 0; seed < 50; seed++) assertEquals(1, BestOfN.best(rewards, seed));
    assertEquals(0, BestOfN.best(new double[] {Double.NEGATIVE_INFINITY}, 7));
  }

  @Test
  void bestRefusesNaNWithAClearMessage() {
    var e = assertThrows(IllegalArgumentException.class, () -> BestOfN.best(new double[] {1, Double.NaN, 2}, 0));
    assertEquals("best of n: reward 1 is NaN", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BestOfN.best(new double[0], 0));
  }

  /** p≤ and p< of outcome y, exactly, under π_ref. */
  private static Quantiles exactQuantiles(double[] probs, double[] rewards, int y) {
    double atMost = 0;
    double below = 0;
    for (int i = 0; i < probs.length; i++) {
      if (rewards[i] <= rewards[y]) atMost += probs[i];
      if (rewards[i] < rewards[y]) below += probs[i];
    }
    return new Quantiles(Math.min(1, atMost), below);
  }

  /**
   * π_BoN by enumerating all N-tuples of draws. The best is picked uniformly among the tied draws
   * or, with {@code amongOutcomes}, uniformly among the distinct outcomes those draws hit.
   */
  private static double[] enumerateBestOfN(double[] probs, double[] rewards, int n, boolean amongOutcomes) {
    int m = probs.length;
    double[] bon = new double[m];
    int[] draw = new int[n];
    for (int t = 0; t < Math.pow(m, n); t++) {
      double p = 1;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0, rest = t; j < n; j++, rest /= m) {
        draw[j] = rest % m;
        p *= probs[draw[j]];
        max = Math.max(max, rewards[draw[j]]);
      }
      double[] weights = tieWeights(draw, rewards, max, m, amongOutcomes);
      for (int y = 0; y < m; y++) bon[y] += p * weights[y];
    }
    return bon;
  }

  /** The chance that each outcome is the one picked, given the draws. */
  private static double[] tieWeights(int[] draw, double[] rewards, double max, int m, boolean amongOutcomes) {
    double[] weights = new double[m];
    for (int y : draw) {
      if (rewards[y] == max) weights[y] = amongOutcomes ? 1 : weights[y] + 1;
    }
    double total = 0;
    for (double w : weights) total += w;
    for (int y = 0; y < m; y++) weights[y] /= total;
    return weights;
  }
}
