package dev.tribunal.jobs.metarewarding.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BradleyTerryFitTest {

  private static final double RIDGE = BradleyTerryFit.DEFAULT_RIDGE;

  private static double[] fit(BradleyTerryFit fit, double[] wins, int n) {
    double[] ratings = new double[n];
    fit.fit(wins, n, ratings);
    assertTrue(fit.last().converged(), "fit did not converge, gradient norm " + fit.last().gradientNorm());
    return ratings;
  }

  @Test
  void twoPlayersRecoverTheLogOddsOfTheirRecord() {
    // B[0][1] = 3, B[1][0] = 1: without a ridge σ(ε0 − ε1) = 3/4, so ε0 − ε1 = ln 3.
    double[] ratings = fit(new BradleyTerryFit(1e-12, 100, 1e-12), new double[] {0, 3, 1, 0}, 2);
    assertEquals(Math.log(3), ratings[0] - ratings[1], 1e-9);
    assertEquals(0, ratings[0] + ratings[1], 1e-15);
  }

  @Test
  void aFitStoppedAtItsIterationCapReportsNotConverged() {
    double[] wins = {0, 3, 1, 0};
    BradleyTerryFit capped = new BradleyTerryFit(RIDGE, 1, 1e-12);
    assertEquals(1, capped.fit(wins, 2, new double[2]));
    assertFalse(capped.last().converged(), "one Newton step from 0 does not reach the tolerance");
    assertTrue(capped.last().gradientNorm() > 1e-12);
    BradleyTerryFit uncapped = new BradleyTerryFit(RIDGE, 100, 1e-12);
    assertTrue(uncapped.fit(wins, 2, new double[2]) > 1);
    assertTrue(uncapped.last().converged());
  }

  @Test
  void separableTwoPlayersStopWhereTheRidgeBalancesTheWin() {
    // B[0][1] = 1 only. With ε = (a, −a): f = log σ(2a) − 2λa², so f'(a) = 0 ⇔ σ(−2a) = 2λa.
    double[] ratings = fit(new BradleyTerryFit(), new double[] {0, 1, 0, 0}, 2);
    double low = 0;
    double high = 10;
    for (int i = 0; i < 200; i++) {
      double a = (low + high) / 2;
      if (1 / (1 + Math.exp(2 * a)) > 2 * RIDGE * a) {
        low = a;
      } else {
        high = a;
      }
    }
    assertEquals(low, ratings[0], 1e-10);
    assertEquals(-low, ratings[1], 1e-10);
  }

  @Test
  void gradientVanishesAtTheFitByFiniteDifferencesOfTheObjective() {
    Random random = new Random(11);
    BradleyTerryFit fit = new BradleyTerryFit();
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(9);
      double[] wins = trial % 2 == 0 ? RandomBattleMatrices.dense(random, n)
          : RandomBattleMatrices.simulated(random, n, 0.5, 0.1);
      double[] ratings = fit(fit, wins, n);
      double h = 1e-5;
      for (int i = 0; i < n; i++) {
        assertEquals(0, centralDifference(wins, n, ratings, i, h), 1e-7, "trial " + trial + " player " + i);
      }
      // The same probe sees a gradient away from the optimum, so the check above can fail.
      double[] moved = ratings.clone();
      moved[0] += 0.05;
      assertTrue(Math.abs(centralDifference(wins, n, moved, 0, h)) > 1e-4, "trial " + trial);
    }
  }

  private static double centralDifference(double[] wins, int n, double[] at, int i, double h) {
    double[] plus = at.clone();
    double[] minus = at.clone();
    plus[i] += h;
    minus[i] -= h;
    return (ReferenceBradleyTerry.objective(wins, n, RIDGE, plus)
        - ReferenceBradleyTerry.objective(wins, n, RIDGE, minus)) / (2 * h);
  }

  @Test
  void agreesWithPlainGradientAscentOnRandomNonSeparableMatrices() {
    Random random = new Random(3);
    BradleyTerryFit fit = new BradleyTerryFit();
    int checked = 0;
    for (int trial = 0; trial < 120; trial++) {
      int n = 2 + random.nextInt(9);
      double[] wins = trial % 2 == 0 ? RandomBattleMatrices.dense(random, n)
          : RandomBattleMatrices.simulated(random, n, 0.3, 0.05);
      if (RandomBattleMatrices.separable(wins, n)) {
        continue;
      }
      checked++;
      double[] expected = ReferenceBradleyTerry.fit(wins, n, RIDGE, 1e-12);
      assertArrayEquals(expected, fit(fit, wins, n), 1e-6, "trial " + trial);
    }
    assertTrue(checked >= 60, "only " + checked + " non-separable matrices drawn");
  }

  @Test
  void convergesOnASeparableMatrixWhereOnePlayerNeverLoses() {
    int n = 6;
    double[] wins = RandomBattleMatrices.dense(new Random(5), n);
    for (int k = 1; k < n; k++) {
      wins[k] = 1;           // player 0 beat everyone
      wins[k * n] = 0;       // and nobody beat player 0
    }
    assertTrue(RandomBattleMatrices.separable(wins, n));
    BradleyTerryFit fit = new BradleyTerryFit();
    double[] ratings = fit(fit, wins, n);
    for (int i = 0; i < n; i++) {
      assertTrue(Double.isFinite(ratings[i]));
      assertTrue(i == 0 || ratings[0] > ratings[i] + 0.5, "unbeaten player is clearly on top");
    }
    assertTrue(fit.last().iterations() < 30, "iterations " + fit.last().iterations());
    assertArrayEquals(ReferenceBradleyTerry.fit(wins, n, RIDGE, 1e-12), ratings, 1e-6);
  }

  @Test
  void convergesWhenEveryPairIsSeparable() {
    // A strict order: i beat j whenever i < j, by a wide margin.
    int n = 16;
    double[] wins = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        wins[i * n + j] = 2;
      }
    }
    BradleyTerryFit fit = new BradleyTerryFit();
    double[] ratings = fit(fit, wins, n);
    for (int i = 1; i < n; i++) {
      assertTrue(ratings[i - 1] > ratings[i]);
    }
    assertArrayEquals(ReferenceBradleyTerry.fit(wins, n, RIDGE, 1e-12), ratings, 1e-6);
  }

  @Test
  void convergesOnLargeLopsidedCounts() {
    Random random = new Random(31);
    BradleyTerryFit fit = new BradleyTerryFit();
    for (int trial = 0; trial < 30; trial++) {
      int n = 2 + random.nextInt(10);
      double[] wins = RandomBattleMatrices.simulated(random, n, 0.4, 0.05);
      double largest = 0;
      for (int i = 0; i < wins.length; i++) {
        // Lopsided counts, as when battles are collapsed to counts over many prompts.
        wins[i] *= random.nextDouble() < 0.2 ? 5000 : 1 + 50 * random.nextDouble();
        largest = Math.max(largest, wins[i]);
      }
      double[] ratings = fit(fit, wins, n);
      double[] gradient = ReferenceBradleyTerry.gradient(wins, n, RIDGE, ratings);
      for (double component : gradient) {
        assertEquals(0, component, 1e-9 * largest, "trial " + trial);
      }
    }
  }

  @Test
  void relabellingPlayersPermutesTheRatings() {
    Random random = new Random(17);
    BradleyTerryFit fit = new BradleyTerryFit();
    for (int trial = 0; trial < 20; trial++) {
      int n = 2 + random.nextInt(10);
      double[] wins = RandomBattleMatrices.simulated(random, n, 0.4, 0.1);
      int[] permutation = shuffled(random, n);
      double[] permuted = new double[n * n];
      for (int m = 0; m < n; m++) {
        for (int k = 0; k < n; k++) {
          permuted[permutation[m] * n + permutation[k]] = wins[m * n + k];
        }
      }
      double[] ratings = fit(fit, wins, n);
      double[] permutedRatings = fit(fit, permuted, n);
      for (int m = 0; m < n; m++) {
        assertEquals(ratings[m], permutedRatings[permutation[m]], 1e-10, "trial " + trial);
      }
    }
  }

  private static int[] shuffled(Random random, int n) {
    int[] permutation = new int[n];
    for (int i = 0; i < n; i++) {
      permutation[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = swap;
    }
    return permutation;
  }

  @Test
  void ratingsAreCentred() {
    Random random = new Random(23);
    BradleyTerryFit fit = new BradleyTerryFit();
    for (int trial = 0; trial < 20; trial++) {
      int n = 2 + random.nextInt(10);
      double[] ratings = fit(fit, RandomBattleMatrices.simulated(random, n, 0, 0), n);
      double sum = 0;
      double spread = 0;
      for (double r : ratings) {
        sum += r;
        spread = Math.max(spread, Math.abs(r));
      }
      assertEquals(0, sum, 1e-12);
      assertTrue(spread > 0);
    }
  }

  @Test
  void aBalancedMatrixRatesEveryoneEqually() {
    double[] wins = {0, 1, 2, 1, 0, 0.5, 2, 0.5, 0};
    double[] ratings = fit(new BradleyTerryFit(), wins, 3);
    assertArrayEquals(new double[3], ratings, 1e-15);
  }

  @Test
  void emptyMatrixNeedsNoStep() {
    BradleyTerryFit fit = new BradleyTerryFit();
    double[] ratings = {7, 7, 7};
    assertEquals(0, fit.fit(new double[9], 3, ratings));
    assertArrayEquals(new double[3], ratings, 0);
    assertTrue(fit.last().converged());
  }

  @Test
  void theWorkspaceCarriesNothingFromOneFitToTheNext() {
    Random random = new Random(29);
    double[] big = RandomBattleMatrices.simulated(random, 12, 0.2, 0.1);
    double[] small = RandomBattleMatrices.simulated(random, 3, 0.2, 0.1);
    BradleyTerryFit reused = new BradleyTerryFit();
    fit(reused, big, 12);
    assertArrayEquals(fit(new BradleyTerryFit(), small, 3), fit(reused, small, 3), 0);
    assertArrayEquals(fit(new BradleyTerryFit(), big, 12), fit(reused, big, 12), 0);
  }

  @Test
  void reportsAnIterationCapThatStoppedIt() {
    double[] wins = {0, 1, 0, 0};
    BradleyTerryFit fit = new BradleyTerryFit(RIDGE, 1, 1e-10);
    double[] ratings = new double[2];
    assertEquals(1, fit.fit(wins, 2, ratings));
    assertFalse(fit.last().converged());
    assertTrue(fit.last().gradientNorm() > 1e-10);
  }

  @Test
  void ratingsObjectFromABattleMatrix() {
    BattleMatrix matrix = BattleMatrix.of(2, new double[] {0, 3, 1, 0});
    Ratings ratings = new BradleyTerryFit().fit(matrix);
    assertEquals(2, ratings.players());
    assertEquals(0, ratings.best());
    assertEquals(1, ratings.worst());
    assertTrue(ratings.fit().converged());
    assertTrue(ratings.fit().iterations() > 0);
    assertEquals(1000 + 400 * ratings.epsilon(0) / Math.log(10), ratings.elo(0), 1e-9);
  }

  @Test
  void eloScale() {
    assertEquals(1000, Ratings.toElo(0), 0);
    assertEquals(1400, Ratings.toElo(Math.log(10)), 1e-9);
    assertEquals(600, Ratings.toElo(-Math.log(10)), 1e-9);
  }

  @Test
  void rejectsBadInputClearly() {
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> new BradleyTerryFit().fit(new double[] {0, 1, -2, 0}, 2, new double[2]));
    assertTrue(negative.getMessage().contains("[1][0]"), negative.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new BradleyTerryFit().fit(new double[] {0, Double.NaN, 0, 0}, 2, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> new BradleyTerryFit().fit(new double[3], 2, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> new BradleyTerryFit(0, 10, 1e-10));
    assertThrows(IllegalArgumentException.class, () -> new BradleyTerryFit(1e-2, 0, 1e-10));
  }
}
