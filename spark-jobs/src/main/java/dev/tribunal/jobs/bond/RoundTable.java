package dev.tribunal.jobs.bond;

import dev.tribunal.jobs.eval.Metric;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console's closing view of a J-BOND run: Best-of-n of the reference (reward, gold, exact,
 * generations per prompt) beside each round's policy at one sample (reward, gold, KL to π_0) and its
 * held-out evaluation (exact rate, gold win rate against π_0 with its interval).
 */
final class RoundTable {
  private RoundTable() {}

  static String format(String variant, List<Metric> bestOfN, List<List<Metric>> rounds) {
    StringBuilder out = new StringBuilder("Best-of-n of the reference (round 0's prompts):\n");
    out.append(String.format(Locale.ROOT, "  %-3s %8s %8s %8s %12s%n", "n", "reward", "gold", "exact", "generations"));
    Map<String, Double> b = byName(bestOfN);
    List<Integer> ns = b.keySet().stream().filter(k -> k.startsWith("reward@"))
        .map(k -> Integer.parseInt(k.substring("reward@".length()))).sorted().toList();
    for (int n : ns) {
      out.append(String.format(Locale.ROOT, "  %-3d %8.3f %8.3f %8.3f %12d%n", n, b.get("reward@" + n), b.get("gold@" + n),
          b.get("exact@" + n), n));
    }
    out.append(variant + " rounds (policy pi_t at one sample; held-out evaluation of pi_{t+1}):\n");
    out.append(String.format(Locale.ROOT, "  %-5s %8s %8s %8s %8s  %-14s %10s %22s%n", "round", "reward", "gold",
        "exact", "KL", "trained", "held-out", "win vs pi_0 (95%)"));
    for (int t = 0; t < rounds.size(); t++) {
      Map<String, Double> r = byName(rounds.get(t));
      String version = rounds.get(t).stream().filter(m -> m.section().equals("actor")).map(Metric::modelVersion)
          .findFirst().orElse("-");
      out.append(String.format(Locale.ROOT, "  %-5d %8.3f %8.3f %8.3f %8.4f  %-14s %10.3f %8.3f (%.3f-%.3f)%n", t,
          r.get("bond.reward"), r.get("bond.gold"), r.get("bond.exact"), r.get("bond.kl_to_reference"), version,
          r.getOrDefault("actor.exact_rate", Double.NaN), r.getOrDefault("actor.gold_win_rate_vs_seed", Double.NaN),
          r.getOrDefault("actor.gold_win_rate_vs_seed_ci_low", Double.NaN),
          r.getOrDefault("actor.gold_win_rate_vs_seed_ci_high", Double.NaN)));
    }
    return out.toString();
  }

  private static Map<String, Double> byName(List<Metric> metrics) {
    return metrics.stream().collect(Collectors.toMap(
        m -> m.section().equals(BestOfNEvalStage.SECTION) ? m.metric() : m.section() + "." + m.metric(), Metric::value,
        (a, b) -> a));
  }
}
