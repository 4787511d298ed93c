package dev.tribunal.jobs.metarewarding.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgePairsTest {

  /** Three judgments of response r: scores 5, 3, 3; lengths 100, 50, 200. */
  private static final MetaJudgePlan PLAN = MetaJudgePlan.forResponse(new JudgedResponse("r", List.of(
      ScoredJudgment.valid("j0", 5, 100),
      ScoredJudgment.valid("j1", 3, 50),
      ScoredJudgment.valid("j2", 3, 200))));

  private static Ratings ratings(double... epsilon) {
    return new Ratings(epsilon, new FitReport(3, true, 0));
  }

  @Test
  void chosenIsTheHighestRatedAndRejectedTheLowest() {
    JudgePairOutcome differentScores = JudgePairs.fromRatings(PLAN, ratings(0.5, 0.2, -0.7), JudgePairConfig.defaults());
    assertEquals("j0", differentScores.pair().chosenJudgmentId());
    assertEquals("j2", differentScores.pair().rejectedJudgmentId());
    assertEquals(5.0, differentScores.pair().chosenScore(), 0);
    JudgePairOutcome outcome = JudgePairs.fromRatings(PLAN, ratings(0.2, -0.7, 0.5),
        JudgePairConfig.defaults().withDropSameScore(false));
    JudgePair pair = outcome.selectedPair().orElseThrow();
    assertEquals("r", pair.responseId());
    assertEquals("j2", pair.chosenJudgmentId());
    assertEquals("j1", pair.rejectedJudgmentId());
    assertEquals(0.5, pair.chosenRating(), 0);
    assertEquals(-0.7, pair.rejectedRating(), 0);
    assertEquals(3.0, pair.chosenScore(), 0);
    assertEquals(3.0, pair.rejectedScore(), 0);
    assertEquals(200, pair.chosenLength());
    assertEquals(50, pair.rejectedLength());
  }

  @Test
  void ratingsWithinTheToleranceAreATie() {
    assertEquals(JudgePairDrop.RATINGS_TIE,
        JudgePairs.fromRatings(PLAN, ratings(0.5e-9, 0, -0.5e-9), JudgePairConfig.defaults()).dropReason());
    assertTrue(JudgePairs.fromRatings(PLAN, ratings(1e-9, 0, -1e-9), JudgePairConfig.defaults()).isSelected());
  }

  @Test
  void sameScorePairsAreDroppedOnlyWhenAsked() {
    Ratings ratings = ratings(0, 1, -1);   // j1 (3) over j2 (3)
    assertEquals(JudgePairDrop.SAME_SCORE, JudgePairs.fromRatings(PLAN, ratings, JudgePairConfig.defaults()).dropReason());
    assertTrue(JudgePairs.fromRatings(PLAN, ratings, JudgePairConfig.defaults().withDropSameScore(false)).isSelected());
  }

  @Test
  void theLengthCapAppliesToTheChosenJudgment() {
    Ratings ratings = ratings(1, -1, 0);   // j0 (100 long) over j1 (50 long)
    JudgePairConfig config = JudgePairConfig.defaults();
    assertEquals(JudgePairDrop.CHOSEN_TOO_LONG, JudgePairs.fromRatings(PLAN, ratings, config.withMaxChosenLength(99)).dropReason());
    assertTrue(JudgePairs.fromRatings(PLAN, ratings, config.withMaxChosenLength(100)).isSelected());
    // A long rejected judgment is no reason to drop.
    assertTrue(JudgePairs.fromRatings(PLAN, ratings(1, 0, -1), config.withMaxChosenLength(100)).isSelected());
  }

  @Test
  void fromVerdictsToAJudgePair() {
    // A consistent meta-judge: j1 beats both others and j2 beats j0, in both orders.
    List<Battle> battles = new ArrayList<>();
    for (ScheduledBattle scheduled : PLAN.battles()) {
      Winner verdict = scheduled.first() == 0 ? Winner.B
          : scheduled.second() == 0 ? Winner.A
          : scheduled.first() == 1 ? Winner.A : Winner.B;
      battles.add(new Battle(scheduled.first(), scheduled.second(), verdict));
    }
    BattleMatrix matrix = BattleMatrix.build(3, battles, BattleWeighting.CONSISTENCY, WeightScope.PER_RESPONSE, null);
    JudgePairOutcome outcome = JudgePairs.select(PLAN, matrix, new BradleyTerryFit(), JudgePairConfig.defaults());
    JudgePair pair = outcome.selectedPair().orElseThrow();
    assertEquals("j1", pair.chosenJudgmentId());
    assertEquals("j0", pair.rejectedJudgmentId());
    assertTrue(pair.chosenElo() > 1000 && pair.rejectedElo() < 1000);
  }

  @Test
  void noUsableBattleNoPair() {
    List<Battle> battles = new ArrayList<>();
    for (ScheduledBattle scheduled : PLAN.battles()) {
      battles.add(new Battle(scheduled.first(), scheduled.second(), null));
    }
    BattleMatrix matrix = BattleMatrix.build(3, battles, BattleWeighting.POSITIONAL, WeightScope.PER_RESPONSE, null);
    assertEquals(JudgePairDrop.NO_VALID_BATTLES,
        JudgePairs.select(PLAN, matrix, new BradleyTerryFit(), JudgePairConfig.defaults()).dropReason());
  }

  @Test
  void mismatchedSizesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> JudgePairs.fromRatings(PLAN, new Ratings(new double[2], new FitReport(1, true, 0)), JudgePairConfig.defaults()));
    assertThrows(IllegalArgumentException.class, () -> JudgePairs.select(PLAN,
        BattleMatrix.of(2, new double[] {0, 1, 0, 0}), new BradleyTerryFit(), JudgePairConfig.defaults()));
    assertThrows(IllegalArgumentException.class, () -> new JudgePairConfig(true, -1, 1e-9));
    assertThrows(IllegalArgumentException.class, () -> new JudgePairConfig(true, 10, Double.NaN));
  }
}
