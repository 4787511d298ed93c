package dev.tribunal.jobs.report;

import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.stages.CheckpointRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * RLAIF's figures: the labeler's alignment with the corpus labels (95% interval), position-bias rate
 * and coverage, missing labels by reason (label_eval, direct_rlaif_eval), and the distilled reward
 * model's held-out accuracy.
 */
final class LabelCharts {
  private static final List<String> HEADLINE = List.of("alignment", "position_bias_rate", "coverage");
  private static final String MISSING = "missing.";

  private LabelCharts() {}

  static List<Chart> labelers(List<Metric> evals) {
    List<String> kinds = new ArrayList<>(new LinkedHashSet<>(evals.stream().map(Metric::section).toList()));
    if (kinds.isEmpty()) return List.of();
    List<Series> series = new ArrayList<>();
    for (String kind : kinds) {
      List<Metric> mine = evals.stream().filter(m -> m.section().equals(kind)).toList();
      List<Double> v = HEADLINE.stream().map(h -> Figures.value(mine, kind, h)).toList();
      List<Double> low = HEADLINE.stream().map(h -> h.equals("alignment") ? Figures.value(mine, kind, "alignment_low") : null).toList();
      List<Double> high = HEADLINE.stream().map(h -> h.equals("alignment") ? Figures.value(mine, kind, "alignment_high") : null).toList();
      series.add(Series.withInterval(kind, v, EvalCharts.INTERVAL + " (alignment)", low, high));
    }
    List<Chart> charts = new ArrayList<>(List.of(new Chart("labeler", "Labeler alignment, position bias and coverage",
        Chart.Kind.BAR, "figure", "share of pairs", List.of("alignment with corpus labels", "position-bias rate",
        "coverage"), series)));
    missing(evals, kinds).ifPresent(charts::add);
    return charts;
  }

  private static java.util.Optional<Chart> missing(List<Metric> evals, List<String> kinds) {
    TreeSet<String> reasons = new TreeSet<>();
    evals.stream().filter(m -> m.metric().startsWith(MISSING)).forEach(m -> reasons.add(m.metric().substring(MISSING.length())));
    if (reasons.isEmpty()) return java.util.Optional.empty();
    List<String> x = List.copyOf(reasons);
    List<Series> series = kinds.stream().map(k -> Series.of(k, x.stream()
        .map(r -> Figures.value(evals, k, MISSING + r)).toList())).toList();
    return java.util.Optional.of(new Chart("missing_labels", "Missing labels by reason", Chart.Kind.BAR, "reason",
        "share of pairs", x, series));
  }

  /** Held-out pairwise accuracy of each reward model, with its Wilson interval over the decisive pairs. */
  static List<Chart> rewardModels(List<CheckpointRow> models) {
    List<CheckpointRow> have = models.stream().filter(m -> m.metrics().containsKey("heldout/accuracy")).toList();
    if (have.isEmpty()) return List.of();
    List<Double> v = have.stream().map(m -> m.metrics().get("heldout/accuracy")).toList();
    List<Long> n = have.stream().map(m -> m.metrics().getOrDefault("heldout/decisive_pairs", 0.0).longValue()).toList();
    return List.of(new Chart("reward_model_accuracy", "Reward model held-out pairwise accuracy", Chart.Kind.BAR,
        "reward model", "share of held-out pairs ordered as labeled", have.stream().map(CheckpointRow::version).toList(),
        List.of(Figures.proportions("held-out accuracy", v, n))));
  }
}
