package dev.tribunal.jobs.metarewarding.aggregate;

import static dev.tribunal.schemas.Winner.A;
import static dev.tribunal.schemas.Winner.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BattleMatrixTest {

  /** w1 = 3 (first position won 3 times), w2 = 1, two unparsed. */
  private static final List<Battle> BATTLES = List.of(
      new Battle(0, 1, A),     // 0 beat 1 shown first
      new Battle(1, 0, A),     // 1 beat 0 shown first
      new Battle(0, 2, A),     // 0 beat 2 shown first
      new Battle(2, 0, B),    // 0 beat 2 shown second
      new Battle(1, 2, null),
      new Battle(2, 1, null));

  @Test
  void positionalWeightsFromWinCounts() {
    PositionalWeights weights = PositionalWeights.count(BATTLES);
    assertEquals(new PositionalWeights(3, 1), weights);
    assertEquals(0.25, weights.omegaFirst(), 0);
    assertEquals(0.75, weights.omegaSecond(), 0);
    assertEquals(new PositionalWeights(5, 4), weights.plus(new PositionalWeights(2, 3)));
  }

  @Test
  void positionalWeightsAreUndefinedWithoutADecidedBattle() {
    assertThrows(IllegalStateException.class, PositionalWeights.NONE::omegaFirst);
    assertThrows(IllegalStateException.class, () -> PositionalWeights.count(List.of(new Battle(0, 1, null))).omegaSecond());
  }

  @Test
  void positionalMatrixPerResponse() {
    BattleMatrix matrix = BattleMatrix.build(3, BATTLES, BattleWeighting.POSITIONAL, WeightScope.PER_RESPONSE, null);
    assertEquals(0.25, matrix.get(0, 1), 0);          // ω1
    assertEquals(0.25, matrix.get(1, 0), 0);          // ω1
    assertEquals(1.00, matrix.get(0, 2), 0);          // ω1 + ω2
    assertEquals(0.00, matrix.get(2, 0), 0);
    assertEquals(0.00, matrix.get(1, 2), 0);
    assertEquals(0.00, matrix.get(2, 1), 0);
    assertEquals(4, matrix.usedBattles());
    assertEquals(2, matrix.unparsedBattles());
    assertTrue(matrix.hasBattles());
  }

  @Test
  void positionalMatrixWithIterationWeightsPassedIn() {
    // Over the iteration the second position won more: ω1 = 3/4, ω2 = 1/4.
    BattleMatrix matrix = BattleMatrix.build(3, BATTLES, BattleWeighting.POSITIONAL, WeightScope.PER_ITERATION,
        new PositionalWeights(1, 3));
    assertEquals(0.75, matrix.get(0, 1), 0);
    assertEquals(0.75, matrix.get(1, 0), 0);
    assertEquals(1.00, matrix.get(0, 2), 0);
  }

  @Test
  void perIterationScopeNeedsWeightsThatCoverTheBattles() {
    assertThrows(NullPointerException.class,
        () -> BattleMatrix.build(3, BATTLES, BattleWeighting.POSITIONAL, WeightScope.PER_ITERATION, null));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> BattleMatrix.positional(3, BATTLES, PositionalWeights.NONE));
    assertTrue(error.getMessage().contains("w1 + w2 = 0"), error.getMessage());
  }

  @Test
  void noDecidedBattleMeansNoMatrix() {
    BattleMatrix matrix = BattleMatrix.build(2, List.of(new Battle(0, 1, null), new Battle(1, 0, null)),
        BattleWeighting.POSITIONAL, WeightScope.PER_RESPONSE, null);
    assertFalse(matrix.hasBattles());
    assertEquals(2, matrix.unparsedBattles());
    assertEquals(0, matrix.usedBattles());
    assertThrows(IllegalArgumentException.class, () -> new BradleyTerryFit().fit(matrix));
  }

  @Test
  void consistencyCountsOnlyWinsThatSurviveTheSwap() {
    List<Battle> battles = List.of(
        new Battle(0, 1, A), new Battle(1, 0, B),   // 0 won both orders
        new Battle(0, 2, A), new Battle(2, 0, A),    // each won shown first: a tie
        new Battle(1, 2, B), new Battle(2, 1, null)); // no partner: unpaired
    BattleMatrix matrix = BattleMatrix.build(3, battles, BattleWeighting.CONSISTENCY, WeightScope.PER_RESPONSE, null);
    assertEquals(1.0, matrix.get(0, 1), 0);
    assertEquals(0.0, matrix.get(1, 0), 0);
    assertEquals(0.5, matrix.get(0, 2), 0);
    assertEquals(0.5, matrix.get(2, 0), 0);
    assertEquals(0.0, matrix.get(1, 2), 0);
    assertEquals(0.0, matrix.get(2, 1), 0);
    assertEquals(4, matrix.usedBattles());
    assertEquals(1, matrix.unparsedBattles());
    assertEquals(1, matrix.unpairedBattles());
  }

  @Test
  void consistencyIsBlindToPositionalWeights() {
    List<Battle> battles = List.of(new Battle(0, 1, B), new Battle(1, 0, A));
    BattleMatrix matrix = BattleMatrix.build(2, battles, BattleWeighting.CONSISTENCY, WeightScope.PER_ITERATION, null);
    assertEquals(1.0, matrix.get(1, 0), 0);
    assertEquals(0.0, matrix.get(0, 1), 0);
  }

  @Test
  void rejectsMalformedBattlesNamingThem() {
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> BattleMatrix.consistency(2, List.of(new Battle(0, 1, A), new Battle(0, 5, A))));
    assertTrue(range.getMessage().contains("battle 1") && range.getMessage().contains("5"), range.getMessage());
    IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
        () -> BattleMatrix.positional(2, List.of(new Battle(1, 1, A)), new PositionalWeights(1, 1)));
    assertTrue(self.getMessage().contains("itself"), self.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> BattleMatrix.consistency(2, List.of(new Battle(0, 1, A), new Battle(0, 1, B))));
    assertTrue(twice.getMessage().contains("more than once"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BattleMatrix.of(2, new double[] {0, -1, 0, 0}));
    assertThrows(IllegalArgumentException.class, () -> BattleMatrix.of(2, new double[] {1, 0, 0, 0}));
    assertThrows(IllegalArgumentException.class, () -> BattleMatrix.of(2, new double[3]));
  }
}
