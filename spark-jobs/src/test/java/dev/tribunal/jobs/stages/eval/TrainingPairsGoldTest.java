package dev.tribunal.jobs.stages.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.List;
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
        pair(UPPER, PairKind.JUDGE, "Score: 5", "Score: 1"),
        new PreferencePairRow("x", "not-a-world-prompt", 0, PairKind.ACTOR, "Hi?", null, "a", "b", "c", "r",
            5.0, 1.0, 1, 1, LengthUnit.CHARS, null, null, null));
    List<Metric> m = TrainingPairsGold.of(1, "M1", List.of(ADD, UPPER), pairs);
    assertEquals(2, m.size(), m.toString());
    assertEquals(new Metric(1, "M1", "training_pairs", "actor_gold_agreement", 0.5, 2), m.get(0));
    assertEquals(new Metric(1, "M1", "training_pairs", "actor_gold_tie_share", 1.0 / 3, 3), m.get(1));
  }

  @Test
  void noMatchingPairsGiveNoFigures() {
    assertTrue(TrainingPairsGold.of(1, "M1", List.of(ADD), List.of(pair(UPPER, PairKind.ACTOR, "A", "B"))).isEmpty());
  }

  private static PreferencePairRow pair(Task task, PairKind kind, String chosen, String rejected) {
    return new PreferencePairRow(kind + chosen + rejected, Ids.promptId(task.prompt()), 0, kind, task.prompt(), null,
        chosen, rejected, "c", "r", 5.0, 1.0, chosen.length(), rejected.length(), LengthUnit.CHARS, null, null, null);
  }
}
