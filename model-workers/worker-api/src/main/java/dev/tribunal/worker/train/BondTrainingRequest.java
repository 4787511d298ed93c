package dev.tribunal.worker.train;

import java.util.List;

/**
 * One BOND training round (spec 3.3, 3.4): from a policy checkpoint, on forward and backward
 * examples whose rewards the caller computed.
 *
 * @param run      the policy to start from (also the lineage parent), the output, the metrics log
 * @param config   learning rate, schedule, epochs, batch size, seed, clipping and the rest; the
 *                 objective must be {@link Objective#BOND}, whose β is {@link TrainingConfig#bondBeta}
 * @param examples forward and backward examples, mixed; batches draw from both
 */
public record BondTrainingRequest(TrainingRun run, TrainingConfig config, List<BondExample> examples) {

  public BondTrainingRequest {
    if (run == null || config == null) throw new IllegalArgumentException("bond training: run and config are required");
    if (config.objective() != Objective.BOND) {
      throw new IllegalArgumentException("bond training: objective must be " + Objective.BOND.id() + ", was "
          + config.objective().id());
    }
    examples = List.copyOf(examples);
    if (examples.isEmpty()) throw new IllegalArgumentException("bond training: no examples");
  }
}
