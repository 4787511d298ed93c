package dev.tribunal.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingPairsGoldTest {
  private static final Task ADD = new Task(Family.ADD, 1, "What is 2 + 3?", "5");
  private static final Task UPPER = new Task(Family.UPPERCASE, 1, "Write 'abcd' in uppercase.", "ABCD");

  @Test
  void gradesActorPairsOfWorldPromptsOnly() {
    List<PreferencePairRow> pairs = List.of(
        pair(ADD, PairKind.ACTOR, "5", "7"),             // gold agrees
        pair(UPPER, PairKind.ACTOR, "abcd", "ABCD"),     // gold disagrees
        pair(ADD, PairKind.ACTOR, "none", "no idea"),    // neither gives a number: a tie
        new PreferencePairRow("x", "not-a-world-prompt", 0, PairKind.ACTOR, "Hi?", null, "a", "b", "c", "r",
            5.0, 1.0, 1, 1, LengthUnit.CHARS, null, null, null));
    List<Metric> m = TrainingPairsGold.of(1, "M1", List.of(ADD, UPPER), pairs, Map.of());
    assertEquals(2, m.size(), m.toString());
    assertEquals(new Metric(1, "M1", "training_pairs", "actor_gold_agreement", 0.5, 2), m.get(0));
    assertEquals(new Metric(1, "M1", "training_pairs", "actor_gold_tie_share", 1.0 / 3, 3), m.get(1));
  }

  @Test
  void gradesJudgePairsByHowCloseTheChosenScoreIsToTheResponsesGold() {
    Map<String, TrainingPairsGold.Judged> judged = Map.of(
        "five-of-6", new TrainingPairsGold.Judged(5, "6"),   // "6" to 2 + 3 earns 4: off by 1
        "two-of-6", new TrainingPairsGold.Judged(2, "6"),    // off by 2
        "four-of-5", new TrainingPairsGold.Judged(4, "5"),   // "5" earns 5: off by 1
        "five-of-5", new TrainingPairsGold.Judged(5, "5"),   // off by 0
        "three-of-5", new TrainingPairsGold.Judged(3, "5")); // off by 2
    List<PreferencePairRow> pairs = List.of(
        judgePair("five-of-6", "two-of-6"),    // gold agrees
        judgePair("four-of-5", "five-of-5"),   // gold disagrees
        judgePair("five-of-5", "three-of-5"),  // gold agrees
        judgePair("five-of-6", "four-of-5"),   // both off by 1: a tie
        judgePair("five-of-5", "unparsed"),    // a judgment without a score is not counted
        pair(ADD, PairKind.ACTOR, "5", "7"));
    List<Metric> m = TrainingPairsGold.of(1, "M1", List.of(ADD), pairs, judged);
    assertEquals(List.of(
        new Metric(1, "M1", "training_pairs", "actor_gold_agreement", 1.0, 1),
        new Metric(1, "M1", "training_pairs", "actor_gold_tie_share", 0.0, 1),
        new Metric(1, "M1", "training_pairs", "judge_gold_agreement", 2.0 / 3, 3),
        new Metric(1, "M1", "training_pairs", "judge_gold_tie_share", 0.25, 4)), m);
  }

  @Test
  void noMatchingPairsGiveNoFigures() {
    assertTrue(TrainingPairsGold.of(1, "M1", List.of(ADD), List.of(pair(UPPER, PairKind.ACTOR, "A", "B")), Map.of())
        .isEmpty());
  }

  private static PreferencePairRow judgePair(String chosenId, String rejectedId) {
    return new PreferencePairRow(chosenId + rejectedId, Ids.promptId(ADD.prompt()), 0, PairKind.JUDGE, "judge prompt",
        null, "Score: x", "Score: y", chosenId, rejectedId, 1100.0, 900.0, 8, 8, LengthUnit.CHARS, null, null, null);
  }

  private static PreferencePairRow pair(Task task, PairKind kind, String chosen, String rejected) {
    return new PreferencePairRow(kind + chosen + rejected, Ids.promptId(task.prompt()), 0, kind, task.prompt(), null,
        chosen, rejected, "c", "r", 5.0, 1.0, chosen.length(), rejected.length(), LengthUnit.CHARS, null, null, null);
  }
}
