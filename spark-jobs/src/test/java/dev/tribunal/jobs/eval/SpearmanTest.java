package dev.tribunal.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpearmanTest {

  @Test
  void tiesShareTheAverageOfTheRanksTheySpan() {
    assertArrayEquals(new double[] {2, 4.5, 2, 6, 4.5, 2}, Spearman.averageRanks(new double[] {10, 20, 10, 30, 20, 10}));
  }

  @Test
  void textbookExampleWithoutTies() {
    // IQ against hours of television per week: Σd² = 194, ρ = 1 − 6·194 / (10·99) = −29/165
    double[] iq = {106, 86, 100, 101, 99, 103, 97, 113, 112, 110};
    double[] tv = {7, 0, 27, 50, 28, 29, 20, 12, 6, 17};
    assertEquals(-29.0 / 165, Spearman.correlation(iq, tv), 1e-12);
  }

  @Test
  void withTiesItIsPearsonOfTheAverageRanks() {
    // ranks y: 1, 2, 3.5, 5, 3.5; deviations from 3: (−2,−1,0,1,2) and (−2,−1,0.5,2,0.5):
    // covariance 8, variances 10 and 9.5, so ρ = 8 / sqrt(95)
    assertEquals(8 / Math.sqrt(95), Spearman.correlation(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}), 1e-12);
    assertEquals(0.0, Spearman.correlation(new double[] {0, 0, 1, 1}, new double[] {0, 1, 0, 1}), 1e-12);
  }

  @Test
  void monotoneAgreementIsOneAndReversalMinusOne() {
    double[] x = {1, 5, 9, 10};
    assertEquals(1.0, Spearman.correlation(x, new double[] {0, 2, 3, 100}), 1e-12);
    assertEquals(-1.0, Spearman.correlation(x, new double[] {4, 3, 2, 1}), 1e-12);
  }

  @Test
  void undefinedForAConstantSideOrTooFewPairs() {
    assertTrue(Double.isNaN(Spearman.correlation(new double[] {1, 2, 3}, new double[] {5, 5, 5})));
    assertTrue(Double.isNaN(Spearman.correlation(new double[] {1}, new double[] {2})));
  }

  @Test
  void refusesUnpairedOrNaNInput() {
    assertThrows(IllegalArgumentException.class, () -> Spearman.correlation(new double[] {1, 2}, new double[] {1}));
    assertThrows(IllegalArgumentException.class,
        () -> Spearman.correlation(new double[] {1, Double.NaN}, new double[] {1, 2}));
  }
}
