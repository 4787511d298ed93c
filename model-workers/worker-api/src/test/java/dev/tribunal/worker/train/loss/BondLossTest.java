package dev.tribunal.worker.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tribunal.worker.train.BondExample.Term;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BOND's loss against numbers worked out by hand. Two forward examples (log π −2, −4: mean NLL
 * 3) and three backward ones: (log π −3, reward 1), (−5, −2), and (−1, 0.5 with weight 1), whose
 * effective reward is 0.5 − 1·(−1) = 1.5. R = [1, −2, 1.5], Σ R = 0.5; the leave-one-out
 * baselines are (0.5 − R_i)/2 = [−0.25, 1.25, −0.5], the advantages [1.25, −3.25, 2]; the terms
 * −A·log π are [3.75, −16.25, 2], mean −3.5. With β = 0.5: L = 0.5·3 + 0.5·(−3.5) = −0.25.
 */
class BondLossTest {

  private static final List<BondLogp> BATCH = List.of(
      new BondLogp(Term.FORWARD, -2, 0, 0),
      new BondLogp(Term.BACKWARD, -3, 1, 0),
      new BondLogp(Term.FORWARD, -4, 0, 0),
      new BondLogp(Term.BACKWARD, -5, -2, 0),
      new BondLogp(Term.BACKWARD, -1, 0.5, 1));

  @Test
  void theJeffreysLossOfAHandCheckedBatch() {
    assertEquals(3, BondLoss.forwardNll(BATCH), 1e-12);
    assertEquals(-3.5, BondLoss.backwardTerm(BATCH), 1e-12);
    assertEquals(-0.25, new BondLoss(0.5).loss(BATCH), 1e-12);
    assertEquals(3, new BondLoss(0).loss(BATCH), 1e-12, "β = 0 is SFT on the forward examples");
    assertEquals(-3.5, new BondLoss(1).loss(BATCH), 1e-12, "β = 1 is the policy gradient alone");
  }

  @Test
  void theEffectiveRewardSubtractsTheWeightedPolicyLogp() {
    assertEquals(1.5, BATCH.get(4).effectiveReward(), 0);
    assertEquals(-2, BATCH.get(3).effectiveReward(), 0);
  }

  @Test
  void leaveOneOutBaselinesByHand() {
    assertArrayEquals(new double[] {-0.25, 1.25, -0.5}, BondLoss.baselines(new double[] {1, -2, 1.5}), 1e-12);
    assertArrayEquals(new double[] {-2, 1}, BondLoss.baselines(new double[] {1, -2}), 0, "each other's reward");
    assertArrayEquals(new double[] {0}, BondLoss.baselines(new double[] {-7}), 0, "none with one example");
    assertArrayEquals(new double[] {-7}, BondLoss.advantages(new double[] {-7}), 0);
    assertArrayEquals(new double[] {1.25, -3.25, 2}, BondLoss.advantages(new double[] {1, -2, 1.5}), 1e-12);
  }

  @Test
  void aTermWithoutExamplesContributesNothing() {
    List<BondLogp> forwardOnly = List.of(new BondLogp(Term.FORWARD, -2, 0, 0), new BondLogp(Term.FORWARD, -6, 0, 0));
    assertEquals(0.75 * 4, new BondLoss(0.25).loss(forwardOnly), 1e-12);
    // one backward example: no baseline, A = R = −3, term −(−3)·(−2) = −6
    assertEquals(-6, new BondLoss(1).loss(List.of(new BondLogp(Term.BACKWARD, -2, -3, 0))), 1e-12);
    assertEquals(0.5 * -6, new BondLoss(0.5).loss(List.of(new BondLogp(Term.BACKWARD, -2, -3, 0))), 1e-12);
  }

  @Test
  void aNonFiniteLogpReachesTheLossForTheGuardToSkip() {
    assertEquals(Double.NaN, new BondLoss(0.5).loss(List.of(new BondLogp(Term.FORWARD, Double.NaN, 0, 0))));
  }

  @Test
  void figuresOfTheHandCheckedBatch() {
    Map<String, Double> f = BondLoss.figures(BATCH);
    assertEquals(3, f.get("forward_nll"), 1e-12);
    assertEquals(0.5 / 3, f.get("backward_mean_reward"), 1e-12);
    assertEquals(0, f.get("backward_mean_advantage"), 1e-12);
    assertEquals(6.5 / 3, f.get("backward_mean_abs_advantage"), 1e-12);
    assertEquals(-3, f.get("backward_logps"), 1e-12);
    Map<String, Double> forwardOnly = BondLoss.figures(List.of(new BondLogp(Term.FORWARD, -2, 0, 0)));
    assertEquals(Map.of("forward_nll", 2.0), forwardOnly);
    assertFalse(BondLoss.figures(List.of(new BondLogp(Term.BACKWARD, -2, 1, 0))).containsKey("forward_nll"));
  }

  @Test
  void betaOutsideTheUnitIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new BondLoss(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new BondLoss(1.1));
    assertThrows(IllegalArgumentException.class, () -> new BondLoss(Double.NaN));
  }
}
