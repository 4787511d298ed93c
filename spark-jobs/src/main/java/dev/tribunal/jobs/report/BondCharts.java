package dev.tribunal.jobs.report;

import static dev.tribunal.jobs.report.Figures.anyPoint;
import static dev.tribunal.jobs.report.Figures.points;

import dev.tribunal.jobs.bond.BestOfNEvalStage;
import dev.tribunal.jobs.bond.RoundFiguresStage;
import dev.tribunal.jobs.eval.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * BOND's figures: per round the policy's reward, gold grade and KL(π_t‖π_0) at one sample (the
 * reward-KL table), and Best-of-n of the reference by n.
 */
final class BondCharts {
  private BondCharts() {}

  static List<Chart> rounds(SortedMap<Integer, List<Metric>> rounds) {
    if (rounds.isEmpty()) return List.of();
    List<Integer> t = List.copyOf(rounds.keySet());
    List<String> x = t.stream().map(i -> "round " + i).toList();
    List<Double> reward = points(t, i -> bond(rounds, i, "reward"));
    List<Double> gold = points(t, i -> bond(rounds, i, "gold"));
    List<Double> kl = points(t, i -> bond(rounds, i, "kl_to_reference"));
    List<Chart> charts = new ArrayList<>();
    charts.add(new Chart("bond_reward", "Policy reward and gold grade per round (one sample)", Chart.Kind.LINE, "round",
        "mean per sample", x, List.of(Series.of("reward", reward), Series.of("gold grade (0-5)", gold))));
    if (anyPoint(kl)) {
      charts.add(new Chart("bond_kl", "KL to the reference per round", Chart.Kind.LINE, "round", "KL(pi_t || pi_0), nats",
          x, List.of(Series.of("KL", kl))));
    }
    return charts;
  }

  private static Double bond(SortedMap<Integer, List<Metric>> rounds, int t, String metric) {
    return Figures.value(rounds.get(t), RoundFiguresStage.SECTION, metric);
  }

  static List<Chart> bestOfN(List<Metric> metrics) {
    List<Integer> ns = metrics.stream().filter(m -> m.metric().startsWith("reward@"))
        .map(m -> Integer.parseInt(m.metric().substring("reward@".length()))).sorted().distinct().toList();
    if (ns.isEmpty()) return List.of();
    List<String> x = ns.stream().map(n -> "n=" + n).toList();
    List<Double> exact = points(ns, n -> at(metrics, "exact", n));
    List<Long> prompts = ns.stream().map(n -> Figures.find(metrics, BestOfNEvalStage.SECTION, "exact@" + n)
        .map(Metric::count).orElse(null)).toList();
    return List.of(
        new Chart("best_of_n_reward", "Best-of-n of the reference: reward and gold grade", Chart.Kind.LINE, "n",
            "mean of the chosen sample", x, List.of(Series.of("reward", points(ns, n -> at(metrics, "reward", n))),
                Series.of("gold grade (0-5)", points(ns, n -> at(metrics, "gold", n))))),
        new Chart("best_of_n_exact", "Best-of-n of the reference: exact rate", Chart.Kind.LINE, "n",
            "share of chosen samples exactly right", x, List.of(Figures.proportions("exact rate", exact, prompts))));
  }

  private static Double at(List<Metric> metrics, String figure, int n) {
    return Figures.value(metrics, BestOfNEvalStage.SECTION, figure + "@" + n);
  }
}
