package dev.tribunal.jobs.metarewarding.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetaJudgePlanTest {

  private static JudgedResponse response(String id, ScoredJudgment... judgments) {
    return new JudgedResponse(id, List.of(judgments));
  }

  private static ScoredJudgment j(String id, double score) {
    return ScoredJudgment.valid(id, score, 10);
  }

  @Test
  void picksTheResponseWithTheHighestJudgeVariance() {
    MetaJudgePlan plan = MetaJudgePlan.forPrompt(List.of(
        response("r1", j("r1j0", 5), j("r1j1", 5), j("r1j2", 5)),            // variance 0
        response("r2", j("r2j0", 4), j("r2j1", 2), ScoredJudgment.unparsed("r2j2", 3)), // variance 1
        response("r3", j("r3j0", 1), j("r3j1", 5)),                          // variance 4
        response("r4", j("r4j0", 0), ScoredJudgment.unparsed("r4j1", 3))     // one valid
    )).orElseThrow();
    assertEquals("r3", plan.responseId());
  }

  @Test
  void equalVariancesGoToTheSmallestResponseId() {
    MetaJudgePlan plan = MetaJudgePlan.forPrompt(List.of(
        response("r3", j("a", 1), j("b", 5)),
        response("r0", j("c", 5), j("d", 1)),
        response("r5", j("e", 1), j("f", 5)))).orElseThrow();
    assertEquals("r0", plan.responseId());
  }

  @Test
  void noPlanWhenTheJudgeNeverDisagreedWithItself() {
    assertTrue(MetaJudgePlan.forPrompt(List.of(
        response("r1", j("a", 3), j("b", 3)),
        response("r2", j("c", 4), ScoredJudgment.unparsed("d", 1)),
        response("r3", ScoredJudgment.unparsed("e", 1)))).isEmpty());
    assertTrue(MetaJudgePlan.forPrompt(List.of()).isEmpty());
  }

  @Test
  void battlesEveryPairOfDistinctValidJudgmentsInBothOrders() {
    MetaJudgePlan plan = MetaJudgePlan.forResponse(response("r",
        j("j0", 1),
        ScoredJudgment.unparsed("j1", 10),
        j("j2", 3),
        new ScoredJudgment("j3", OptionalDouble.of(1), 10, true),
        j("j4", 5)));
    assertEquals(List.of("j0", "j2", "j4"), plan.players().stream().map(ScoredJudgment::id).toList());
    assertEquals(List.of(
        new ScheduledBattle(0, 1, "j0", "j2"), new ScheduledBattle(1, 0, "j2", "j0"),
        new ScheduledBattle(0, 2, "j0", "j4"), new ScheduledBattle(2, 0, "j4", "j0"),
        new ScheduledBattle(1, 2, "j2", "j4"), new ScheduledBattle(2, 1, "j4", "j2")),
        plan.battles());
    assertEquals(2, plan.playerIndex("j4"));
    IllegalArgumentException notPlayer = assertThrows(IllegalArgumentException.class, () -> plan.playerIndex("j1"));
    assertTrue(notPlayer.getMessage().contains("j1"), notPlayer.getMessage());
  }

  @Test
  void nPlayersGiveNTimesNMinusOneBattles() {
    ScoredJudgment[] judgments = new ScoredJudgment[7];
    for (int i = 0; i < judgments.length; i++) {
      judgments[i] = j("j" + i, i % 6);
    }
    assertEquals(42, MetaJudgePlan.forResponse(response("r", judgments)).battles().size());
  }

  @Test
  void duplicateJudgmentIdsAreRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> response("r7", j("x", 1), j("x", 2)));
    assertTrue(error.getMessage().contains("r7") && error.getMessage().contains("x"), error.getMessage());
  }
}
