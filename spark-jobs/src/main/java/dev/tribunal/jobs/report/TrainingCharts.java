package dev.tribunal.jobs.report;

import static dev.tribunal.jobs.report.Figures.anyPoint;
import static dev.tribunal.jobs.report.Figures.numbers;

import dev.tribunal.jobs.stages.CheckpointRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per optimizer step of each trained model (the checkpoints table's steps, TRL's names): the loss,
 * the implicit reward accuracy and margin (DPO; reward models: pairwise accuracy and margin of
 * the scalar head), one series per trained model.
 */
final class TrainingCharts {
  /** Figure name in the steps, chart id, title and y label. */
  private record Figure(String key, String id, String title, String yLabel) {}

  private static final List<Figure> FIGURES = List.of(
      new Figure("loss", "loss", "Training loss per optimizer step", "loss"),
      new Figure("rewards/accuracies", "reward_accuracy", "Reward accuracy per optimizer step",
          "share of pairs with chosen above rejected"),
      new Figure("rewards/margins", "reward_margin", "Reward margin per optimizer step",
          "mean reward margin (chosen - rejected)"));

  private TrainingCharts() {}

  /** idPrefix keeps the charts of two trained kinds apart on one page ("dpo", "reward_model"). */
  static List<Chart> of(String idPrefix, List<CheckpointRow> trained) {
    List<CheckpointRow> stepped = trained.stream().filter(c -> !c.steps().isEmpty()).toList();
    if (stepped.isEmpty()) return List.of();
    int maxStep = stepped.stream().mapToInt(c -> step(c.steps().get(c.steps().size() - 1))).max().orElse(0);
    List<String> x = numbers(1, maxStep);
    List<Chart> charts = new ArrayList<>();
    for (Figure f : FIGURES) {
      List<Series> series = new ArrayList<>();
      for (CheckpointRow c : stepped) {
        List<Double> v = byStep(c.steps(), f.key(), maxStep);
        if (anyPoint(v)) series.add(Series.of(label(c), v));
      }
      if (!series.isEmpty()) {
        charts.add(new Chart(idPrefix + "_" + f.id(), f.title(), Chart.Kind.LINE, "optimizer step", f.yLabel(), x, series));
      }
    }
    return charts;
  }

  /** "iter 0: M1-3f2a..." : which iteration trained which model. */
  private static String label(CheckpointRow c) {
    return "iter " + c.iteration() + ": " + c.version();
  }

  /** Step s (1-based) at index s - 1; null for steps the model did not take or skipped (no loss). */
  private static List<Double> byStep(List<Map<String, Double>> steps, String key, int maxStep) {
    List<Double> out = new ArrayList<>(java.util.Collections.nCopies(maxStep, (Double) null));
    for (Map<String, Double> s : steps) out.set(step(s) - 1, Figures.finite(s.get(key)));
    return out;
  }

  private static int step(Map<String, Double> s) {
    Double step = s.get("step");
    if (step == null || step < 1) throw new IllegalArgumentException("a training step without its number: " + s);
    return step.intValue();
  }
}
