package dev.tribunal.jobs.metarewarding.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ResponseScoreTest {

  @Test
  void meanAndPopulationVarianceOfValidScoresOnly() {
    ResponseScore score = ResponseScore.of(List.of(
        ScoredJudgment.valid("j0", 3, 10),
        ScoredJudgment.valid("j1", 5, 10),
        ScoredJudgment.unparsed("j2", 10),
        ScoredJudgment.valid("j3", 4, 10))).orElseThrow();
    assertEquals(3, score.validCount());
    assertEquals(4.0, score.mean(), 0);
    // ((3-4)² + (5-4)² + (4-4)²) / 3, population variance
    assertEquals(2.0 / 3.0, score.variance(), 1e-15);
  }

  @Test
  void singleValidScoreHasZeroVariance() {
    ResponseScore score = ResponseScore.of(List.of(
        ScoredJudgment.unparsed("j0", 1), ScoredJudgment.valid("j1", 2, 1))).orElseThrow();
    assertEquals(1, score.validCount());
    assertEquals(2.0, score.mean(), 0);
    assertEquals(0.0, score.variance(), 0);
  }

  @Test
  void noValidScoreIsNotACandidate() {
    assertTrue(ResponseScore.of(List.of(ScoredJudgment.unparsed("j0", 1), ScoredJudgment.unparsed("j1", 1))).isEmpty());
    assertTrue(ResponseScore.of(List.of()).isEmpty());
  }

  @Test
  void duplicateJudgmentsStillCountTowardsTheScore() {
    ResponseScore score = ResponseScore.of(List.of(
        ScoredJudgment.valid("j0", 1, 5),
        new ScoredJudgment("j1", OptionalDouble.of(1), 5, true),
        ScoredJudgment.valid("j2", 4, 5))).orElseThrow();
    assertEquals(3, score.validCount());
    assertEquals(2.0, score.mean(), 1e-15);
    assertEquals(2.0, score.variance(), 1e-15);
  }

  @Test
  void varianceSurvivesALargeCommonOffset() {
    ResponseScore score = ResponseScore.of(List.of(
        ScoredJudgment.valid("a", 1e9 + 1, 1),
        ScoredJudgment.valid("b", 1e9 + 2, 1),
        ScoredJudgment.valid("c", 1e9 + 3, 1))).orElseThrow();
    assertEquals(2.0 / 3.0, score.variance(), 1e-12);
  }

  @Test
  void rejectsNonFiniteScoreAndNegativeLengthNamingTheJudgment() {
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> ScoredJudgment.valid("j7", Double.NaN, 1));
    assertTrue(nan.getMessage().contains("j7"), nan.getMessage());
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> ScoredJudgment.valid("j8", 3, -1));
    assertTrue(length.getMessage().contains("j8"), length.getMessage());
  }
}
