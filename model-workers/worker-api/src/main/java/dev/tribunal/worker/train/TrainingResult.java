package dev.tribunal.worker.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run that wrote a checkpoint.
 *
 * @param stoppedEarly true when the skipped-batch limit ended training before the planned steps;
 *                     the checkpoint then holds the weights after the last applied step
 * @param history      one entry per optimizer step taken, skipped ones included
 * @param summary      what lineage.json records under "metrics"
 */
public record TrainingResult(Path checkpoint, int plannedSteps, int appliedSteps, int skippedBatches,
    boolean stoppedEarly, List<StepMetrics> history, Map<String, Double> summary) {

  public TrainingResult {
    history = List.copyOf(history);
    summary = Map.copyOf(summary);
  }
}
