package dev.tribunal.worker.train;

import java.nio.file.Path;
import java.util.List;

/**
 * A trained reward model: the run as any training run reports it (checkpoint, per-step metrics,
 * lineage summary) and how it orders the held-out pairs.
 */
public record RewardTrainingResult(TrainingResult training, RewardEvaluation heldOut) {

  /** The written reward checkpoint. */
  public Path checkpoint() {
    return training.checkpoint();
  }

  public List<StepMetrics> history() {
    return training.history();
  }

  /** The held-out pairwise accuracy; NaN when no held-out pair is decisive. */
  public double heldOutAccuracy() {
    return heldOut.accuracy();
  }
}
