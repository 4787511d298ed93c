package dev.tribunal.worker.train;

import java.util.List;

/**
 * Trains a policy from a parent checkpoint and writes the result as a new, immutable checkpoint
 * with its lineage. Engines (DJL, ND4J) must agree on losses and gradients for the same weights
 * and batch; batches come from {@link BatchPlan}, so they also agree on the order.
 */
public interface TrainerEngine {

  /**
   * Runs the configured objective over the examples.
   *
   * @throws IllegalArgumentException for bad input (an example without what the objective needs,
   *     a token outside the vocabulary, an output directory that exists), naming what and where
   * @throws TrainingStoppedException when the skipped-batch limit is reached before any update;
   *     nothing is written then
   */
  TrainingResult train(TrainingConfig config, List<TrainingExample> examples, TrainingRun run);
}
