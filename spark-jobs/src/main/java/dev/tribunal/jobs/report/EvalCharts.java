package dev.tribunal.jobs.report;

import static dev.tribunal.jobs.report.Figures.anyPoint;
import static dev.tribunal.jobs.report.Figures.find;
import static dev.tribunal.jobs.report.Figures.models;
import static dev.tribunal.jobs.report.Figures.points;
import static dev.tribunal.jobs.report.Figures.value;

import dev.tribunal.jobs.eval.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The held-out evaluation of each model M_s (iter=s/eval): gold win rates and exact rate with their
 * 95% intervals, answer length, and the judge's and meta-judge's figures on held-out items.
 */
final class EvalCharts {
  static final String INTERVAL = "95% interval";

  private final SortedMap<Integer, List<Metric>> evals;
  private final List<Integer> all;

  EvalCharts(SortedMap<Integer, List<Metric>> evals) {
    this.evals = evals;
    this.all = List.copyOf(evals.keySet());
  }

  /** Against M_0 and against the previous model, item by item on the same prompts (ties count 1/2). */
  List<Chart> winRates() {
    List<Integer> trained = all.stream().filter(s -> s >= 1).toList();
    List<Series> series = new ArrayList<>();
    winRate(trained, "vs M0", "gold_win_rate_vs_seed", series);
    winRate(trained, "vs previous model", "gold_win_rate_vs_previous", series);
    if (series.isEmpty()) return List.of();
    return List.of(new Chart("win_rate", "Gold win rate on held-out prompts", Chart.Kind.LINE, "model",
        "gold win rate (ties 1/2)", models(trained), series));
  }

  private void winRate(List<Integer> s, String name, String metric, List<Series> out) {
    List<Double> v = points(s, i -> actor(i, metric));
    if (!anyPoint(v)) return;
    out.add(Series.withInterval(name, v, INTERVAL, points(s, i -> actor(i, metric + "_ci_low")),
        points(s, i -> actor(i, metric + "_ci_high"))));
  }

  /** The exact rate with its Wilson interval over the items it was measured on. */
  List<Chart> exactRate() {
    List<Double> v = points(all, i -> actor(i, "exact_rate"));
    if (!anyPoint(v)) return List.of();
    List<Long> n = all.stream().map(i -> find(evals.get(i), "actor", "exact_rate").map(Metric::count).orElse(null)).toList();
    return List.of(new Chart("exact_rate", "Exact rate on held-out prompts", Chart.Kind.LINE, "model",
        "share of answers exactly right", models(all), List.of(Figures.proportions("exact rate", v, n))));
  }

  List<Chart> answerLength() {
    List<Double> v = points(all, i -> actor(i, "mean_length_chars"));
    if (!anyPoint(v)) return List.of();
    return List.of(new Chart("answer_length", "Held-out answer length", Chart.Kind.LINE, "model",
        "mean characters per answer", models(all), List.of(Series.of("mean answer length", v))).fromZero());
  }

  /** The share of each parsed score among the judge's verdicts on held-out responses. */
  List<Chart> judgeScores() {
    List<Series> series = new ArrayList<>();
    for (int score = 0; score <= 5; score++) {
      String metric = "score_share_" + score;
      List<Double> v = points(all, i -> value(evals.get(i), "judge", metric));
      if (anyPoint(v)) series.add(Series.of("score " + score, v));
    }
    if (series.isEmpty()) return List.of();
    return List.of(new Chart("heldout_judge_scores", "Judge score distribution on held-out responses",
        Chart.Kind.STACKED_BAR, "model", "share of parsed judgments", models(all), series));
  }

  /** First-position share and flip rate of the meta-judge on held-out judgment pairs, both orders. */
  List<Chart> metaJudge() {
    List<Double> first = points(all, i -> value(evals.get(i), "meta_judge", "first_position_share"));
    List<Double> flip = points(all, i -> value(evals.get(i), "meta_judge", "flip_rate"));
    if (!anyPoint(first) && !anyPoint(flip)) return List.of();
    return List.of(new Chart("heldout_meta_judge", "Meta-judge position bias on held-out pairs", Chart.Kind.LINE,
        "model", "share of verdicts", models(all),
        List.of(Series.of("first-position share", first), Series.of("flip rate", flip))));
  }

  private Double actor(int s, String metric) {
    return value(evals.get(s), "actor", metric);
  }
}
