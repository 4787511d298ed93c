package dev.tribunal.jobs.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JBondTest {
  private static final double NEGATIVE = -5;

  @Test
  void aboveTheWorseAnchorEarnsZero() {
    assertEquals(0, JBond.reward(1.0, 0.5, 2.0, NEGATIVE));
    assertEquals(0, JBond.reward(1.0, 2.0, 0.5, NEGATIVE));
    assertEquals(0, JBond.reward(3.0, 2.0, 0.5, NEGATIVE));
    assertEquals(0, JBond.reward(3.0, 2.0, 2.0, NEGATIVE));
  }

  @Test
  void equalToTheWorseAnchorOrBelowBothEarnsTheNegativeConstant() {
    assertEquals(NEGATIVE, JBond.reward(0.5, 0.5, 2.0, NEGATIVE));
    assertEquals(NEGATIVE, JBond.reward(0.5, 2.0, 0.5, NEGATIVE));
    assertEquals(NEGATIVE, JBond.reward(2.0, 2.0, 2.0, NEGATIVE));
    assertEquals(NEGATIVE, JBond.reward(0.1, 0.5, 2.0, NEGATIVE));
    assertEquals(-0.25, JBond.reward(0.1, 0.5, 2.0, -0.25));
  }

  @Test
  void aNegativeThatIsNotFiniteAndBelowZeroIsRefused() {
    for (double bad : new double[] {0, 1, Double.NaN, Double.NEGATIVE_INFINITY}) {
      var e = assertThrows(IllegalArgumentException.class, () -> JBond.reward(1, 0, 2, bad));
      assertTrue(e.getMessage().contains("negative reward"), e.getMessage());
    }
  }

  @Test
  void aNaNRewardIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> JBond.reward(Double.NaN, 0, 2, NEGATIVE));
    assertThrows(IllegalArgumentException.class, () -> JBond.reward(1, Double.NaN, 2, NEGATIVE));
    assertThrows(IllegalArgumentException.class, () -> JBond.reward(1, 0, Double.NaN, NEGATIVE));
    assertThrows(IllegalArgumentException.class, () -> JBond.betterAnchor(1, Double.NaN, 0));
  }

  @Test
  void betterAnchorPicksTheHigherReward() {
    for (long seed = 0; seed < 20; seed++) {
      assertEquals(1, JBond.betterAnchor(1, 2, seed));
      assertEquals(0, JBond.betterAnchor(2, 1, seed));
    }
  }

  @Test
  void betterAnchorBreaksTiesBySeedReproduciblyReachingBoth() {
    int[] counts = new int[2];
    for (long seed = 0; seed < 100; seed++) {
      int pick = JBond.betterAnchor(3, 3, seed);
      assertEquals(pick, JBond.betterAnchor(3, 3, seed));
      counts[pick]++;
    }
    assertTrue(counts[0] > 0 && counts[1] > 0, counts[0] + " / " + counts[1]);
  }
}
