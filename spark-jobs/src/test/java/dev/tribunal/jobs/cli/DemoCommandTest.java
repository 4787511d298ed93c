package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void theComparisonShowsEveryVariantsModelsSideBySide() {
    Map<DemoCommand.Variant, List<Map<String, Double>>> results = new LinkedHashMap<>();
    results.put(DemoCommand.Variant.SELF_REWARDING, List.of(Map.of("actor.exact_rate", 0.5),
        Map.of("actor.exact_rate", 0.55, "actor.gold_win_rate_vs_seed", 0.531)));
    results.put(DemoCommand.Variant.GOLD_JUDGE, List.of(Map.of("actor.exact_rate", 0.5),
        Map.of("actor.exact_rate", 0.6, "actor.gold_win_rate_vs_seed", 0.58)));
    String table = DemoCommand.table(results);
    assertTrue(table.contains("self-rewarding") && table.contains("gold judge"), table);
    String exact = table.lines().filter(l -> l.contains("actor.exact_rate")).findFirst().orElseThrow();
    assertTrue(exact.matches(".*0\\.500 +0\\.550 +\\| +0\\.500 +0\\.600.*"), exact);
    String win = table.lines().filter(l -> l.contains("actor.gold_win_rate_vs_seed ")).findFirst().orElseThrow();
    assertTrue(win.matches(".*- +0\\.531 +\\| +- +0\\.580.*"), "M0 has no win rate: " + win);
    assertFalse(table.contains("meta_judge.accuracy"), "rows no variant has are left out");
  }
}
