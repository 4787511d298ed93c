package dev.tribunal.jobs.eval;

import static dev.tribunal.schemas.Winner.A;
import static dev.tribunal.schemas.Winner.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.schemas.Winner;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed values. */
class EvalMetricsTest {
  @Test
  void ranksAverageOverTies() {
    assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, dev.tribunal.jobs.eval.Spearman.averageRanks(new double[] {1, 3, 3, 7}));
    assertArrayEquals(new double[] {3, 1, 2}, dev.tribunal.jobs.eval.Spearman.averageRanks(new double[] {9, -1, 0}));
  }

  @Test
  void spearmanOfMonotoneAndReversedAndTiedData() {
    assertEquals(1, EvalMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 25, 100}), 1e-12);
    assertEquals(-1, EvalMetrics.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    // x ranks (1, 2.5, 2.5, 4), y ranks (1, 2, 3, 4): covariance 4.5, variances 4.5 and 5.
    assertEquals(4.5 / Math.sqrt(4.5 * 5), EvalMetrics.spearman(new double[] {0, 3, 3, 5}, new double[] {1, 2, 3, 4}), 1e-12);
    assertTrue(Double.isNaN(EvalMetrics.spearman(new double[] {2, 2, 2}, new double[] {1, 2, 3})), "a constant judge ranks nothing");
    assertTrue(Double.isNaN(EvalMetrics.spearman(new double[] {1}, new double[] {1})));
    assertThrows(IllegalArgumentException.class, () -> EvalMetrics.spearman(new double[] {1, 2}, new double[] {1}));
  }

  @Test
  void winRateCountsTiesAsHalf() {
    assertEquals((1 + 0.5 + 0) / 3, EvalMetrics.winRate(new int[] {5, 3, 1}, new int[] {4, 3, 2}), 1e-12);
    assertTrue(Double.isNaN(EvalMetrics.winRate(new int[0], new int[0])));
  }

  @Test
  void metaJudgeAccuracyFirstPositionShareAndFlipRateSkipUnparsedVerdicts() {
    List<Winner> parsed = Arrays.asList(A, B, null, A);
    List<Winner> gold = List.of(A, A, B, B);
    assertEquals(1.0 / 3, EvalMetrics.accuracy(parsed, gold), 1e-12);
    assertEquals(2.0 / 3, EvalMetrics.firstPositionShare(parsed), 1e-12);
    // Pairs: (A, B) consistent, (A, A) flipped, (B, null) not counted, (B, B) flipped.
    assertEquals(2.0 / 3, EvalMetrics.flipRate(Arrays.asList(A, A, B, B), Arrays.asList(B, A, null, B)), 1e-12);
    assertTrue(Double.isNaN(EvalMetrics.accuracy(Arrays.asList((Winner) null), List.of(A))));
  }

  @Test
  void signTestIsTheExactTwoSidedBinomialTail() {
    assertEquals(2 * 11 / 1024.0, EvalMetrics.signTestP(9, 1), 1e-12);
    assertEquals(2 * 11 / 1024.0, EvalMetrics.signTestP(1, 9), 1e-12);
    assertEquals(1.0, EvalMetrics.signTestP(5, 5), 1e-12);
    assertEquals(1.0, EvalMetrics.signTestP(0, 0), 1e-12);
    assertEquals(2 * Math.pow(0.5, 20), EvalMetrics.signTestP(20, 0), 1e-18);
  }

  @Test
  void winRateIntervalIsTheMeanOutcomePlusMinusTwoStandardErrors() {
    // Outcomes 1, 1, 1, 0: mean 0.75, sample sd 0.5, standard error 0.25.
    double[] ci = EvalMetrics.winRateInterval(new int[] {5, 5, 4, 2}, new int[] {4, 3, 3, 5});
    assertArrayEquals(new double[] {0.75 - 1.96 * 0.25, 1.0}, ci, 1e-12);
    // A tie counts 1/2: outcomes 0.5, 0.5 have no spread.
    assertArrayEquals(new double[] {0.5, 0.5}, EvalMetrics.winRateInterval(new int[] {3, 4}, new int[] {3, 4}), 1e-12);
    assertEquals(null, EvalMetrics.winRateInterval(new int[] {3}, new int[] {2}));
  }
}
