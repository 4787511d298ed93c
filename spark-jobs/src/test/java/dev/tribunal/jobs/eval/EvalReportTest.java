package dev.tribunal.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EvalReportTest {
  private static EvalOutputRow actor(int item, int gold, boolean exact, String text) {
    return new EvalOutputRow("actor", item, item, "M", text, "stop", 2, text.length(), null, null, null, gold, null, exact);
  }

  private static EvalOutputRow judge(int item, Integer parsed, int gold) {
    return new EvalOutputRow("judge", item, item, "M", "j", "stop", 1, 1, parsed == null ? "no_match" : "ok", parsed,
        null, gold, null, null);
  }

  private static EvalOutputRow meta(int item, String parsed, String gold) {
    return new EvalOutputRow("meta_judge", item, item / 2, "M", "m", "stop", 1, 1, parsed == null ? "no_match" : "ok",
        null, parsed, null, gold, null);
  }

  private static Map<String, Double> figures(List<Metric> metrics) {
    return metrics.stream().collect(Collectors.toMap(m -> m.section() + "." + m.metric(), Metric::value));
  }

  @Test
  void figuresOfOneModelAgainstTheSeedAndThePreviousModel() {
    List<EvalOutputRow> mine = List.of(actor(0, 5, true, "17"), actor(1, 2, false, "about 40"),
        judge(0, 4, 5), judge(1, 1, 0), judge(2, null, 3), judge(3, 2, 2),
        meta(0, "A", "A"), meta(1, "A", "B"), meta(2, "B", "B"), meta(3, null, "A"));
    List<EvalOutputRow> seed = List.of(actor(0, 5, true, "17"), actor(1, 4, false, "18"));
    List<EvalOutputRow> previous = List.of(actor(0, 1, false, "x"), actor(1, 1, false, "y"));
    Map<String, Double> f = figures(EvalReport.of(2, "M2", mine, seed, previous));
    assertEquals(3.5, f.get("actor.mean_gold_score"), 1e-12);
    assertEquals(0.5, f.get("actor.exact_rate"), 1e-12);
    assertEquals(5.0, f.get("actor.mean_length_chars"), 1e-12);
    assertEquals(0.25, f.get("actor.gold_win_rate_vs_seed"), 1e-12, "a tie and a loss");
    assertEquals(1.0, f.get("actor.gold_win_rate_vs_previous"), 1e-12);
    assertEquals(1.0, f.get("judge.spearman"), 1e-12, "parsed (4, 1, 2) rank like gold (5, 0, 2)");
    assertEquals(0.25, f.get("judge.parse_failure_rate"), 1e-12);
    assertEquals(1.0 / 3, f.get("judge.score_share_1"), 1e-12);
    assertEquals(2.0 / 3, f.get("meta_judge.accuracy"), 1e-12);
    assertEquals(2.0 / 3, f.get("meta_judge.first_position_share"), 1e-12);
    assertEquals(1.0, f.get("meta_judge.flip_rate"), 1e-12, "pair 0 named A twice; pair 1 has an unparsed verdict");
    assertEquals(0.25, f.get("meta_judge.parse_failure_rate"), 1e-12);
  }

  @Test
  void undefinedFiguresAreLeftOutAndTheSeedIsComparedWithNothing() {
    List<EvalOutputRow> mine = List.of(actor(0, 3, false, "a"), judge(0, 3, 1), judge(1, 3, 4));
    Map<String, Double> f = figures(EvalReport.of(0, "M0", mine, List.of(), List.of()));
    assertFalse(f.containsKey("judge.spearman"), "a judge giving one score ranks nothing");
    assertFalse(f.containsKey("actor.gold_win_rate_vs_seed"));
    assertFalse(f.containsKey("meta_judge.accuracy"));
    assertEquals(1.0, f.get("judge.score_share_3"), 1e-12);
  }
}
