package dev.tribunal.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.ParseStatus;
import dev.tribunal.schemas.Winner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

  private static final Task ADD = new Task(Family.ADD, 1, "What is 12 + 5?", "17");
  private static final Task REVERSE = new Task(Family.REVERSE, 1, "Reverse the word 'abc'.", "cba");

  @Test
  void actorFiguresGradeEachResponseAgainstItsTask() {
    // gold scores 5, 4 (verbose), 4 (off by one), 0 (empty), 5
    ActorFigures a = ActorFigures.of(List.of(ADD, ADD, ADD, ADD, REVERSE),
        List.of("17", "The answer is 17.", "18", "", "cba"));
    assertEquals(5, a.prompts());
    assertEquals(18.0 / 5, a.meanGoldScore(), 1e-12);
    assertEquals(3.0 / 5, a.exactRate(), 1e-12);
    assertEquals(24.0 / 5, a.meanLength(), 1e-12);
    assertEquals(Map.of(Family.ADD, 0.5, Family.REVERSE, 1.0), a.exactByFamily());
    assertEquals(Map.of(1, 0.6), a.exactByLevel());
  }

  @Test
  void judgeFiguresCountParseFailuresButNeverScoreThem() {
    List<Verdict<Integer>> verdicts = List.of(ok(0), ok(2), failed(), ok(3), ok(5), ok(5));
    JudgeFigures j = JudgeFigures.of(List.of(0, 1, 2, 3, 4, 5), verdicts);
    assertEquals(6, j.items());
    assertEquals(1.0 / 6, j.parseFailureRate(), 1e-12);
    // parsed pairs (0,0) (1,2) (3,3) (4,5) (5,5): ranks 1..5 against 1, 2, 3, 4.5, 4.5 → 9.5 / sqrt(95)
    assertEquals(9.5 / Math.sqrt(95), j.spearman(), 1e-12);
    assertEquals(0.4, j.meanAbsError(), 1e-12);
    assertEquals(Map.of(0, 1, 2, 1, 3, 1, 5, 2), j.scoreCounts());
    assertEquals("{0=1, 2=1, 3=1, 5=2}", j.scoreCounts().toString(), "in score order, so a rebuilt card reads the same");
  }

  @Test
  void aJudgeThatNeverParsesHasNoCorrelation() {
    JudgeFigures j = JudgeFigures.of(List.of(1, 4), List.of(failed(), failed()));
    assertEquals(1.0, j.parseFailureRate());
    assertTrue(Double.isNaN(j.spearman()));
    assertTrue(j.scoreCounts().isEmpty());
  }

  @Test
  void metaJudgeFiguresUndoTheSwapBeforeScoring() {
    List<Winner> gold = List.of(Winner.A, Winner.B, Winner.A, Winner.B);
    // pair 0 right in both orders; pair 1 picks the first position both times (a flip);
    // pair 2 wrong, then unparsed; pair 3 unparsed, then right
    List<Verdict<Winner>> first = List.of(ok(Winner.A), ok(Winner.A), ok(Winner.B), failed());
    List<Verdict<Winner>> swapped = List.of(ok(Winner.B), ok(Winner.A), failed(), ok(Winner.A));
    MetaJudgeFigures m = MetaJudgeFigures.of(gold, first, swapped);
    assertEquals(4, m.pairs());
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    assertEquals(4.0 / 6, m.firstPositionShare(), 1e-12);
    assertEquals(0.5, m.flipRate(), 1e-12);
    assertEquals(0.25, m.parseFailureRate(), 1e-12);
  }

  @Test
  void aMetaJudgeThatAlwaysSaysAIsHalfRightAndAlwaysFlips() {
    List<Winner> gold = List.of(Winner.A, Winner.B);
    MetaJudgeFigures m = MetaJudgeFigures.of(gold, List.of(ok(Winner.A), ok(Winner.A)), List.of(ok(Winner.A), ok(Winner.A)));
    assertEquals(0.5, m.accuracy(), 1e-12);
    assertEquals(1.0, m.firstPositionShare(), 1e-12);
    assertEquals(1.0, m.flipRate(), 1e-12);
  }

  @Test
  void unpairedInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ActorFigures.of(List.of(ADD), List.of()));
    assertThrows(IllegalArgumentException.class, () -> JudgeFigures.of(List.of(1), List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> MetaJudgeFigures.of(List.of(Winner.A), List.of(ok(Winner.A)), List.of()));
  }

  @Test
  void metricsLeaveUndefinedFiguresOut() {
    GoldFigures f = new GoldFigures(ActorFigures.of(List.of(ADD), List.of("17")),
        JudgeFigures.of(List.of(1, 4), List.of(failed(), failed())),
        MetaJudgeFigures.of(List.of(Winner.A), List.of(ok(Winner.A)), List.of(ok(Winner.B))),
        List.of(new Figure("judge_pairwise_accuracy", 0.75, 8)));
    Map<String, Double> m = f.metrics();
    assertEquals(1.0, m.get("gold/actor/exact_rate"));
    assertEquals(1.0, m.get("gold/meta_judge/accuracy"));
    assertEquals(0.75, m.get("gold/on_policy/judge_pairwise_accuracy"));
    assertTrue(!m.containsKey("gold/judge/spearman"));
    assertTrue(Double.isNaN(f.onPolicy("judge_spearman")));
    assertEquals(4, f.lines().size());
  }

  private static <T> Verdict<T> ok(T value) {
    return new Verdict<>("raw", ParseStatus.OK, value);
  }

  private static <T> Verdict<T> failed() {
    return new Verdict<>("raw", ParseStatus.NO_MATCH, null);
  }
}
