package dev.tribunal.jobs.stages;

import dev.tribunal.worker.train.StepMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trainer's figures per optimizer step, as the checkpoints table keeps them: one map per step
 * under TRL's metric names ("step", "loss", "rewards/accuracies", "rewards/margins", ...), taken
 * from the engine-neutral training result, so the driver reads them from the run's own tables
 * whatever the engine and wherever it wrote its metrics log.
 */
public final class TrainingSteps {
  private TrainingSteps() {}

  /** The numeric figures of each step; a skipped step keeps only its counters (no loss, no rewards). */
  public static List<Map<String, Double>> of(List<StepMetrics> history) {
    return history.stream().map(TrainingSteps::figures).toList();
  }

  private static Map<String, Double> figures(StepMetrics step) {
    Map<String, Double> out = new TreeMap<>();
    step.toJson().forEach((k, v) -> {
      if (v instanceof Number n && Double.isFinite(n.doubleValue())) out.put(k, n.doubleValue());
    });
    return out;
  }
}
