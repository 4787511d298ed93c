package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.StepMetrics;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a training step computes on one micro-batch: the part that differs between training a
 * policy ({@link PolicyLoss}, {@link BondBatchLoss}) and a reward model ({@link RewardLoss}). The loop around it,
 * accumulation, the non-finite guard, clipping, AdamW and the metrics, is the engine-neutral
 * {@link dev.tribunal.worker.train.OptimizerLoop}'s, run by {@link TrainingLoop}.
 *
 * @param <H> what one example's metrics are made of, read back from the device
 */
interface BatchLoss<H> {

  /** The example's share of its step's denominator (see {@link dev.tribunal.worker.train.loss.Loss#weight}). */
  double weight(int example);

  /** The forward of the given examples: their summed loss terms, differentiable under a collector. */
  Terms<H> terms(NDManager manager, int[] examples);

  /** The step's reward figures from the host values of its examples; null for an objective without. */
  RewardStats stats(List<H> examples);

  /** An objective's own figures for the step's metrics (see {@link StepMetrics#figures}). */
  default Map<String, Double> figures(List<H> examples) {
    return Map.of();
  }

  /**
   * A micro-batch's summed terms, a read-back of its host values (called inside the same scope),
   * and the tokens the model processed, padding excluded.
   */
  record Terms<H>(NDArray sum, Supplier<List<H>> host, long tokens) {}
}
