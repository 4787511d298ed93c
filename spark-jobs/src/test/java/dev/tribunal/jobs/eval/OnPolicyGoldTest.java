package dev.tribunal.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OnPolicyGoldTest {
  private static final Task ADD = new Task(Family.ADD, 1, "What is 2 + 3?", "5");
  private static final Task UPPER = new Task(Family.UPPERCASE, 1, "Write 'abcd' in uppercase.", "ABCD");

  private static OnPolicyGold.Sample sample(String id, Task t, String response) {
    return new OnPolicyGold.Sample(id, Ids.promptId(t.prompt()), response);
  }

  private static Map<String, Double> figures(List<OnPolicyGold.Sample> samples, List<OnPolicyGold.Judgment> judgments,
      List<OnPolicyGold.Battle> battles) {
    return OnPolicyGold.of(List.of(ADD, UPPER), samples, judgments, battles).stream()
        .collect(Collectors.toMap(Figure::name, Figure::value));
  }

  @Test
  void pairwiseAccuracyCountsWithinPromptPairsOfDifferentGoldAndTiesApart() {
    // ADD: "5" gold 5, "6" gold 4, "9" gold 3 (off by 4: within the tolerance of 3? no: wrong, 2).
    List<OnPolicyGold.Sample> samples = List.of(sample("a1", ADD, "5"), sample("a2", ADD, "6"), sample("a3", ADD, "40"),
        sample("u1", UPPER, "ABCD"), sample("u2", UPPER, "ABCE"), sample("x", UPPER, "ABCD "));
    List<OnPolicyGold.Judgment> judgments = new ArrayList<>(List.of(
        new OnPolicyGold.Judgment("j1", "a1", 5), new OnPolicyGold.Judgment("j2", "a1", 4),  // mean 4.5
        new OnPolicyGold.Judgment("j3", "a2", 5),                                            // 5
        new OnPolicyGold.Judgment("j4", "a3", 2), new OnPolicyGold.Judgment("j5", "a3", null),  // 2
        new OnPolicyGold.Judgment("j6", "u1", 3), new OnPolicyGold.Judgment("j7", "u2", 3)));   // tie
    Map<String, Double> f = figures(samples, judgments, List.of());
    // ADD pairs: (a1 5, a2 4) judge 4.5 < 5: wrong; (a1, a3 2): right; (a2, a3): right. UPPER (u1 5, u2 4): tie.
    // "x" has no judgment and is not a pair member.
    assertEquals(2 / 3.0, f.get("judge_pairwise_accuracy"), 1e-12);
    assertEquals(1 / 4.0, f.get("judge_pairwise_tie_share"), 1e-12);
    assertEquals((2 + 0.5) / 4, f.get("judge_pairwise_accuracy_ties_half"), 1e-12);
    assertEquals(2 / 3.0, f.get("judge_pairwise.add_accuracy"), 1e-12);
    assertEquals(1.0, f.get("judge_pairwise.uppercase_tie_share"), 1e-12);
    assertFalse(f.containsKey("judge_pairwise.uppercase_accuracy"), "no ordered pair: no accuracy");
    assertEquals(3 / 6.0, f.get("actor_exact_rate"), 1e-12); // "5", "ABCD" and "ABCD " (stripped: exact and concise)
  }

  @Test
  void metaJudgeIsRightWhenItPicksTheJudgmentCloserToGold() {
    List<OnPolicyGold.Sample> samples = List.of(sample("a1", ADD, "5"));
    List<OnPolicyGold.Judgment> judgments = List.of(new OnPolicyGold.Judgment("j1", "a1", 5),
        new OnPolicyGold.Judgment("j2", "a1", 2), new OnPolicyGold.Judgment("j3", "a1", 2));
    List<OnPolicyGold.Battle> battles = List.of(
        new OnPolicyGold.Battle("j1", "j2", Winner.A),   // right
        new OnPolicyGold.Battle("j2", "j1", Winner.A),   // wrong
        new OnPolicyGold.Battle("j2", "j1", Winner.B),   // right
        new OnPolicyGold.Battle("j2", "j3", Winner.A),   // equally far: not counted
        new OnPolicyGold.Battle("j1", "j3", null));      // unparsed: not counted
    assertEquals(2 / 3.0, figures(samples, judgments, battles).get("meta_judge_accuracy"), 1e-12);
  }

  @Test
  void aCollapsedJudgeShowsInItsTopScoreShare() {
    List<OnPolicyGold.Judgment> judgments = List.of(new OnPolicyGold.Judgment("j1", "a1", 2),
        new OnPolicyGold.Judgment("j2", "a2", 2), new OnPolicyGold.Judgment("j3", "a3", 2), new OnPolicyGold.Judgment("j4", "a3", 5));
    Map<String, Double> f = figures(List.of(sample("a1", ADD, "5"), sample("a2", ADD, "6"), sample("a3", ADD, "40")),
        judgments, List.of());
    assertEquals(0.75, f.get("judge_top_score_share"), 1e-12);
    assertEquals(2.75, f.get("judge_mean_score"), 1e-12);
  }
}
